using InferenceService.Inference.Families;
using InferenceService.Tests.Support;

namespace InferenceService.Tests.Families;

/// <summary>Every new family's shared model, loaded with no manifest, answers like its reference-output.txt.</summary>
public sealed class SharedModelReferenceTests
{
    // Known resize-kernel divergences (SkiaSharp bilinear vs. the reference's libvips): giraffe.jpg's zebra is half
    // hidden behind the giraffe and its left edge moves ~50 px (IoU 0.70, same class, score within 0.04); the int8
    // classifiers' cat.jpg keeps top-1 "tiger cat" but ranks 3-5 (p ≤ 0.04) reorder, which their PROVENANCE warns of.
    private static float MinIoUFor(string image) => image == "giraffe.jpg" ? 0.65f : ReferenceComparison.MinIoU;


    [SharedAssetTheory]
    [InlineData("yolox-nano-ultralytics", "ultralytics")]
    [InlineData("yolox-nano-torchvision", "torchvision")]
    [InlineData("yolox-nano-detr", "detr")]
    public void Detector_matches_its_reference_on_every_photo(string model, string family)
    {
        using var pipeline = TestModels.Load(SharedAssets.Model(model));
        Assert.Equal(family, pipeline.Plan.Family);
        Assert.Equal(ModelTask.Detection, pipeline.Plan.Task);
        var reference = ReferenceOutput.Detections(model);
        Assert.True(reference.Count >= 6, $"parsed only {reference.Count} photos from {model}'s reference");
        foreach (var (image, detections) in reference)
        {
            if (detections.Any(d => d.Score >= 0.5f))
            {
                ReferenceComparison.AssertDetectionsMatch(pipeline, image, detections, MinIoUFor(image));
            }
        }
    }

    [SharedAssetTheory]
    [InlineData("mobilenetv2-12-int8")]
    [InlineData("mobilenetv2-nhwc-uint8")]
    [InlineData("mobilenetv2-tf-scale")]
    [InlineData("mobilenetv2-softmax")]
    public void Classifier_matches_its_reference_on_every_photo(string model)
    {
        using var pipeline = TestModels.Load(SharedAssets.Model(model));
        Assert.Equal("imagenet-classifier", pipeline.Plan.Family);
        Assert.Equal(ModelTask.Classification, pipeline.Plan.Task);
        var reference = ReferenceOutput.Classes(model);
        Assert.Equal(6, reference.Count);
        foreach (var (image, classes) in reference)
        {
            ReferenceComparison.AssertClassesMatch(pipeline, image, classes);
        }
    }

    [SharedAssetFact]
    public void Synset_labels_are_reduced_to_the_first_name()
    {
        using var pipeline = TestModels.Load(SharedAssets.Model("mobilenetv2-softmax"));
        Assert.Equal("synset.txt", pipeline.Labels.Source);
        Assert.Equal("tench", pipeline.Labels.NameOf(0));
        Assert.Equal("tiger cat", pipeline.Labels.NameOf(282));
    }

    [SharedAssetFact]
    public void Torchvision_prefers_the_coco91_labels_over_the_80_name_list()
    {
        using var pipeline = TestModels.Load(SharedAssets.Model("yolox-nano-torchvision"));
        Assert.Equal("labels-coco91.txt", pipeline.Labels.Source);
        Assert.Equal("dog", pipeline.Labels.NameOf(18));
    }

    [SharedAssetFact]
    public void Ultralytics_names_come_from_the_onnx_metadata_when_no_file_is_there()
    {
        using var dir = TestModels.CopyWith("yolox-nano-ultralytics");
        File.Delete(Path.Combine(dir.Path, "labels.txt"));
        using var pipeline = TestModels.Load(dir.Path);
        Assert.Equal("onnx metadata names", pipeline.Labels.Source);
        Assert.Equal("person", pipeline.Labels.NameOf(0));
        Assert.Equal("toothbrush", pipeline.Labels.NameOf(79));
    }

    [SharedAssetFact]
    public void Probabilities_output_is_not_softmaxed_again()
    {
        using var pipeline = TestModels.Load(SharedAssets.Model("mobilenetv2-softmax"));
        var result = pipeline.Predict(File.ReadAllBytes(SharedAssets.Image("dog.jpg")), pipeline.DefaultOptions);
        Assert.Equal(249, result.Classifications[0].ClassId);
        Assert.True(result.Classifications[0].Probability > 0.4f, $"p = {result.Classifications[0].Probability}");
    }
}
