using System.Text.Json;
using System.Text.Json.Nodes;
using InferenceService.Inference.Families;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Manifest;
using InferenceService.Inference.Pipeline;
using InferenceService.Inference.Runtime;

namespace InferenceService.Inference.Inspection;

/// <summary>
/// Loads a model folder exactly as the service does (the same loader, then the same warm-up prediction) and reports
/// what it found, whether or not the load succeeded: a folder this reports servable is one the service serves.
/// </summary>
public static class ModelInspector
{
    /// <param name="warmUpImage">The image the service warms the model up with before it reports ready.</param>
    public static ModelInspection Inspect(InferenceOptions options, FamilyRecogniser recogniser, ReadOnlyMemory<byte> warmUpImage)
    {
        var findings = new LoadFindings();
        InferencePipeline? pipeline = null;
        try
        {
            pipeline = new ModelLoader(recogniser).Load(options, stage: null, findings);
            pipeline.WarmUp(warmUpImage);
            return new ModelInspection(Report(options, findings, pipeline, failure: null), pipeline);
        }
        catch (Exception e)
        {
            // Whatever fails the service's load fails the inspection the same way; the report keeps what was found.
            pipeline?.Dispose();
            return new ModelInspection(Report(options, findings, null, FailureFix.For(e, findings, recogniser.FamilyNames)), null);
        }
    }

    private static ModelReport Report(InferenceOptions options, LoadFindings findings, InferencePipeline? pipeline, LoadFailure? failure)
    {
        var plan = findings.Plan;
        var defaults = pipeline?.DefaultOptions ?? PredictionOptions.From(options, findings.Manifest);
        var chosen = pipeline is null ? null : findings.Verdicts?.SingleOrDefault(v => v.Fits);
        return new ModelReport
        {
            ModelDir = Path.GetFullPath(options.ModelDir),
            ModelFile = findings.ModelFile,
            Failure = failure,
            Inputs = Tensors(findings.Signature?.Inputs),
            Outputs = Tensors(findings.Signature?.Outputs),
            MetadataKeys = findings.Signature?.Metadata.Keys.Order(StringComparer.Ordinal).ToArray() ?? [],
            ManifestFields = findings.Manifest is { } manifest ? FieldsOf(manifest) : null,
            Family = chosen?.Plan is { } chosenPlan ? new FamilyChoice(chosen.Family, TaskName(chosenPlan.Task), Why(findings.Manifest)) : null,
            OtherFamilies = (findings.Verdicts ?? []).Where(v => v != chosen)
                .Select(v => new FamilyRejection(v.Family, v.WhyNot ?? "it fits too, so the signature is ambiguous"))
                .ToArray(),
            Preprocessing = plan is null ? null : $"{plan.InputName}: {plan.Preprocess.Describe()}",
            Postprocessing = plan is null ? null : Postprocessing(plan, defaults),
            Labels = findings.Labels is { } labels ? new LabelReport(labels.Source, labels.Count, plan?.Decoder.ClassCount) : null,
            Defaults = plan is null ? null : new DefaultsReport(defaults.Confidence, defaults.Iou, defaults.MaxDetections, defaults.TopK),
            Warnings = ReportWarnings.For(findings, pipeline?.ExecutionProvider),
        };
    }

    public static string TaskName(ModelTask task) => task.ToString().ToLowerInvariant();

    private static TensorReport[] Tensors(IReadOnlyList<TensorSignature>? tensors) =>
        tensors?.Select(t => new TensorReport(t.Name, t.ElementType.ToString().ToLowerInvariant(), t.Shape)).ToArray() ?? [];

    /// <summary>The fields the manifest sets, by their JSON names.</summary>
    private static string[] FieldsOf(ModelManifest manifest) =>
        JsonSerializer.SerializeToNode(manifest, ManifestJsonContext.Default.ModelManifest) is JsonObject fields
            ? fields.Where(f => f.Value is not null && f.Key != "$schema").Select(f => f.Key).ToArray()
            : [];

    private static string Why(ModelManifest? manifest) => manifest switch
    {
        { Family: { } family } => $"inference.json $.family names {family}, and the signature is that family's",
        { Task: { } task } => $"the only family of task {task} (inference.json $.task) that recognises the signature",
        _ => "the only known family that recognises the signature",
    };

    private static string Postprocessing(ModelPlan plan, PredictionOptions defaults)
    {
        var outputs = string.Join(", ", plan.Decoder.OutputNames);
        if (plan.Task == ModelTask.Classification)
        {
            var softmax = plan.Softmax switch
            {
                true => "softmax always",
                false => "no softmax",
                null => "softmax unless the row already sums to 1",
            };
            return $"{outputs} decoded as class scores, {softmax}, top {defaults.TopK} classes";
        }

        var nms = plan.AppliesNms
            ? $"class-aware NMS at IoU {defaults.Iou}"
            : "no NMS (the model keeps one box per object)";
        return $"{outputs} decoded by {plan.Family}, scores >= {defaults.Confidence}, boxes mapped back to the image, {nms}, at most {defaults.MaxDetections} detections";
    }
}
