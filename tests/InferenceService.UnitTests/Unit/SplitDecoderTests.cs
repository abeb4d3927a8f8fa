using InferenceService.Inference.Families;
using InferenceService.Inference.Families.ImageNet;
using InferenceService.Inference.Families.Yolox;
using InferenceService.Inference.Manifest;
using InferenceService.Inference.Preprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.UnitTests.Unit;

/// <summary>Detection and classification decoders are separate kinds; the plan's task and overrides follow the kind.</summary>
public sealed class SplitDecoderTests
{
    private static readonly PreprocessSpec Spec = new() { Width = 32, Height = 32 };

    private static float[] Decode(float[] row, bool? softmax)
    {
        using var output = OrtValue.CreateTensorValueFromMemory(row, [1, row.Length]);
        var probabilities = new float[row.Length];
        new ClassifierDecoder("scores", row.Length).DecodeProbabilities([output], new DecodeContext(32, 32, 0f), probabilities, softmax);
        return probabilities;
    }

    [Fact]
    public void The_plan_says_whether_a_classifier_row_gets_a_softmax()
    {
        float[] distribution = [0.7f, 0.2f, 0.1f];
        float[] logits = [2f, 1f, 0f];

        Assert.Equal(distribution, Decode(distribution, softmax: null));
        Assert.NotEqual(logits, Decode(logits, softmax: null));
        Assert.Equal(logits, Decode(logits, softmax: false));
        var forced = Decode(distribution, softmax: true);
        Assert.Equal(1f, forced.Sum(), 1e-5f);
        Assert.True(forced[0] < distribution[0], "a second softmax flattens the distribution");
    }

    [Fact]
    public void The_task_follows_the_decoder_kind_and_only_detectors_apply_nms()
    {
        var classifier = new ModelPlan("imagenet-classifier", "input", Spec, new ClassifierDecoder("scores", 10));
        var detector = new ModelPlan("yolox", "images", Spec, new YoloxDecoder("output", 32, 32, 80));

        Assert.Equal(ModelTask.Classification, classifier.Task);
        Assert.Equal(10, classifier.Decoder.ClassCount);
        Assert.False(classifier.AppliesNms);
        Assert.Equal(ModelTask.Detection, detector.Task);
        Assert.True(detector.AppliesNms);
        Assert.False((detector with { Nms = false }).AppliesNms);
    }

    [Fact]
    public void The_manifest_softmax_lands_on_the_plan_and_leaves_the_decoder_alone()
    {
        var decoder = new ClassifierDecoder("scores", 10);
        var plan = new ModelPlan("imagenet-classifier", "input", Spec, decoder);

        var applied = ManifestApplier.Apply(new ModelManifest { Softmax = false }, plan);

        Assert.False(applied.Softmax);
        Assert.Same(decoder, applied.Decoder);
        Assert.Null(ManifestApplier.Apply(new ModelManifest(), plan).Softmax);
    }
}
