using InferenceService.Inference;
using InferenceService.Inference.Manifest;
using InferenceService.Inference.Pipeline;

namespace InferenceService.UnitTests.Unit;

/// <summary>The thresholds' defaults live in PredictionOptions; configuration and then the manifest override them.</summary>
public sealed class PredictionDefaultsTests
{
    [Fact]
    public void Unset_configuration_gives_the_built_in_defaults()
    {
        Assert.Equal(new PredictionOptions(), PredictionOptions.From(new InferenceOptions()));
    }

    [Fact]
    public void The_manifest_overrides_configuration_which_overrides_the_defaults()
    {
        var configured = new InferenceOptions { ConfidenceThreshold = 0.6f, IouThreshold = 0.7f, TopK = 2 };
        var manifest = new ModelManifest { Confidence = 0.1f, MaxDetections = 7 };

        var options = PredictionOptions.From(configured, manifest);

        Assert.Equal(new PredictionOptions { Confidence = 0.1f, Iou = 0.7f, MaxDetections = 7, TopK = 2 }, options);
    }
}
