using InferenceService.Inference.Families.Detr;
using InferenceService.Inference.Inspection;
using InferenceService.Inference.Labels;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Manifest;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.UnitTests.Inspection;

/// <summary>What the service accepts but is likely a mistake: inspect warns and still exits 0.</summary>
public sealed class ReportWarningTests
{
    private static readonly LabelSet EightyNames = new(Enumerable.Range(0, 80).ToDictionary(i => i, i => $"class{i}"), "labels.txt");

    /// <summary>A DETR export, its image size dynamic unless <paramref name="size"/> is given.</summary>
    private static LoadFindings Detr(long size = -1, Dictionary<string, string>? metadata = null, ModelManifest? manifest = null)
    {
        var signature = new ModelSignature(
            [new("pixel_values", TensorElementType.Float, [1, 3, size, size])],
            [new("logits", TensorElementType.Float, [1, 100, 80]), new("pred_boxes", TensorElementType.Float, [1, 100, 4])],
            metadata ?? []);
        return new LoadFindings
        {
            Signature = signature,
            Manifest = manifest,
            Plan = new DetrFamily().TryRecognise(signature).Plan,
            Labels = EightyNames,
        };
    }

    [Fact]
    public void Dynamic_input_size_without_width_and_height_is_warned_with_the_size_used()
    {
        var warning = Assert.Single(ReportWarnings.For(Detr(), provider: null));

        Assert.Contains("dynamic size", warning, StringComparison.Ordinal);
        Assert.Contains("detr's default 640x640", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamic_input_size_given_by_the_manifest_or_a_fixed_size_is_not_warned()
    {
        Assert.Empty(ReportWarnings.For(Detr(manifest: new ModelManifest { Width = 800, Height = 800 }), provider: null));
        Assert.Empty(ReportWarnings.For(Detr(size: 640), provider: null));
    }

    [Theory]
    [InlineData("segment", "not one this service serves")]
    [InlineData("classify", "served as Detection")]
    public void Metadata_task_the_service_does_not_serve_as_is_warned(string task, string expected)
    {
        var warnings = ReportWarnings.For(Detr(size: 640, metadata: new() { ["task"] = task }), provider: null);

        Assert.Contains(expected, Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void No_labels_at_all_is_warned()
    {
        var findings = Detr(size: 640);
        findings.Labels = LabelSet.Empty;

        Assert.Contains("reported by id", Assert.Single(ReportWarnings.For(findings, provider: null)), StringComparison.Ordinal);
    }
}
