using System.Globalization;
using InferenceService.Inference.Inspection;

namespace InferenceService.Inspection;

/// <summary>The report as aligned lines for a terminal: one heading per line, continuation lines indented under it.</summary>
public static class InspectionText
{
    private const int LabelWidth = 16;

    public static void Write(ModelReport report, TextWriter writer)
    {
        Line(writer, "model folder", report.ModelDir);
        Line(writer, "model file", report.ModelFile ?? "(none)");
        Line(writer, "servable", report.Servable ? "yes" : "no");
        if (report.Failure is { } failure)
        {
            Line(writer, "reason", failure.Reason);
            Line(writer, "fix", failure.Fix);
            if (failure.Field is { } field)
            {
                Line(writer, "field", field.StartsWith('$') ? $"inference.json {field}" : $"inference.json \"{field}\"");
            }
        }

        Lines(writer, "inputs", report.Inputs.Select(Tensor));
        Lines(writer, "outputs", report.Outputs.Select(Tensor));
        Lines(writer, "metadata keys", report.MetadataKeys.Count == 0 ? ["(none)"] : [string.Join(", ", report.MetadataKeys)]);
        Line(writer, "inference.json", report.ManifestFields is { } fields ? $"sets {(fields.Count == 0 ? "nothing" : string.Join(", ", fields))}" : "(none)");
        if (report.Family is { } family)
        {
            Line(writer, "family", $"{family.Name} ({family.Task}): {family.Why}");
        }

        Lines(writer, "not chosen", report.OtherFamilies.Select(f => $"{f.Name}: {f.WhyNot}"));
        Optional(writer, "preprocessing", report.Preprocessing);
        Optional(writer, "postprocessing", report.Postprocessing);
        if (report.Labels is { } labels)
        {
            var classes = labels.ClassCount is { } count ? $"{count} classes" : "a class count the outputs do not state";
            Line(writer, "labels", $"{labels.Source}: {labels.Count} names for {classes}");
        }

        if (report.Defaults is { } d)
        {
            Line(writer, "defaults", Invariant($"confidence {d.Confidence}, iou {d.Iou}, max_detections {d.MaxDetections}, top_k {d.TopK}"));
        }

        Lines(writer, "warnings", report.Warnings.Count == 0 ? ["(none)"] : report.Warnings);
        foreach (var image in report.Images)
        {
            Image(writer, image);
        }
    }

    private static void Image(TextWriter writer, ImageReport image)
    {
        writer.WriteLine();
        if (image.Error is { } error)
        {
            Line(writer, Path.GetFileName(image.Path), "failed: " + error);
            return;
        }

        var t = image.Times!;
        Line(writer, Path.GetFileName(image.Path), Invariant(
            $"read {t.ReadMs:0.0} ms, preprocess {t.PreprocessMs:0.0} ms, inference {t.InferenceMs:0.0} ms, postprocess {t.PostprocessMs:0.0} ms"));
        Lines(writer, "answers", image.Answers.Count == 0 ? ["(none)"] : image.Answers.Select(Answer));
    }

    private static string Answer(AnswerReport a) => a.Box is { } box
        ? Invariant($"{a.Label} {a.Score:0.000} [{box[0]:0}, {box[1]:0}, {box[2]:0}, {box[3]:0}]")
        : Invariant($"{a.Label} ({a.ClassId}) {a.Score:0.000}");

    private static string Tensor(TensorReport t) =>
        $"{t.Name}: {t.Type}[{string.Join(",", t.Shape.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)))}]";

    private static void Optional(TextWriter writer, string label, string? value)
    {
        if (value is not null)
        {
            Line(writer, label, value);
        }
    }

    private static void Lines(TextWriter writer, string label, IEnumerable<string> values)
    {
        var first = true;
        foreach (var value in values)
        {
            Line(writer, first ? label : "", value);
            first = false;
        }
    }

    /// <summary>A value of several lines (ONNX Runtime's errors) keeps its continuation lines under the value column.</summary>
    private static void Line(TextWriter writer, string label, string value) =>
        writer.WriteLine(label.PadRight(LabelWidth) + value.TrimEnd().ReplaceLineEndings("\n" + new string(' ', LabelWidth)));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
