using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Manifest;
using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;
using InferenceService.FunctionalTests.Support;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.FunctionalTests.Manifest;

/// <summary>
/// A manifest that names the family and the geometry serves a model recognition alone cannot: a dynamic-size
/// export without size metadata, or a graph served by another family's rules than the one it would be given.
/// </summary>
public sealed class ManifestDescribesModelTests
{
    private static ModelSignature DynamicYolox() => new(
        [new TensorSignature("images", TensorElementType.Float, [1, 3, -1, -1])],
        [new TensorSignature("output", TensorElementType.Float, [1, 3549, 85])],
        new Dictionary<string, string>());

    private static ModelPlan Recognise(ModelSignature signature, string manifestJson)
    {
        var manifest = ManifestLoader.Parse(manifestJson);
        return ManifestApplier.Apply(manifest, TestModels.Recogniser().Recognise(ManifestInput.Describe(manifest, signature), manifest.Family));
    }

    [Fact]
    public void A_dynamic_size_yolox_export_is_unknown_until_the_manifest_gives_its_size()
    {
        Assert.StartsWith("Unknown model signature", Assert.Throws<ModelLoadException>(() => TestModels.Recogniser().Recognise(DynamicYolox())).Message);

        var plan = Recognise(DynamicYolox(), """{ "family": "yolox", "width": 416, "height": 416 }""");
        Assert.Equal("yolox", plan.Family);
        Assert.Equal((416, 416), (plan.Preprocess.Width, plan.Preprocess.Height));
    }

    [Fact]
    public void A_dynamic_size_manifest_size_that_does_not_fit_the_output_is_refused_as_not_that_family()
    {
        var error = Assert.Throws<ModelLoadException>(() => Recognise(DynamicYolox(), """{ "family": "yolox", "width": 320, "height": 320 }"""));
        Assert.Contains("does not have that family's signature", error.Message);
        Assert.Contains("images: float[1,3,320,320]", error.Message);
    }

    [Fact]
    public void An_ultralytics_export_without_imgsz_metadata_is_described_by_the_manifest()
    {
        var signature = new ModelSignature(
            [new TensorSignature("images", TensorElementType.Float, [1, 3, -1, -1])],
            [new TensorSignature("output0", TensorElementType.Float, [1, 84, 8400])],
            new Dictionary<string, string>());
        Assert.Throws<ModelLoadException>(() => TestModels.Recogniser().Recognise(signature));

        var plan = Recognise(signature, """{ "family": "ultralytics", "width": 640, "height": 640 }""");
        Assert.Equal(("ultralytics", 640, 640), (plan.Family, plan.Preprocess.Width, plan.Preprocess.Height));
        Assert.Equal(80, plan.Decoder.ClassCount);
    }

    [SharedAssetFact]
    public void The_dynamic_tfod_graph_is_served_at_a_fixed_letterboxed_size_from_the_manifest()
    {
        // The in-graph letterbox is the identity on a 416x416 top-left canvas (PROVENANCE check 1), so feeding
        // that canvas must give yolox-nano's reference detections back in dog.jpg's own pixels.
        using var dir = TestModels.CopyWith("yolox-nano-tfod", (ModelManifest.FileName, """
            { "family": "tf-object-detection", "task": "detection", "width": 416, "height": 416,
              "resize": "letterbox-top-left", "pad_value": 114 }
            """));
        using var pipeline = TestModels.Load(dir.Path);
        Assert.Equal("tf-object-detection", pipeline.Plan.Family);
        Assert.Equal((416, 416, ResizeMode.LetterboxTopLeft), (pipeline.Plan.Preprocess.Width, pipeline.Plan.Preprocess.Height, pipeline.Plan.Preprocess.Resize));
        var result = pipeline.Predict(File.ReadAllBytes(SharedAssets.Image("dog.jpg")), pipeline.DefaultOptions);
        Assert.Equal((768, 576), (result.Width, result.Height));
        foreach (var reference in ReferenceOutput.For(SharedAssets.Model("yolox-nano"), "dog.jpg").Where(r => r.Score >= 0.5f))
        {
            float[] expected = [reference.X1, reference.Y1, reference.X2, reference.Y2];
            Assert.Contains(result.Detections, d => pipeline.Labels.NameOf(d.ClassId) == reference.Name
                && Math.Abs(d.Score - reference.Score) < 0.12f
                && BoxMath.IoU([d.X1, d.Y1, d.X2, d.Y2], expected) >= 0.8);
        }
    }
}
