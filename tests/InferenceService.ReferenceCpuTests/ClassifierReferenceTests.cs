using InferenceService.Inference.Families;
using InferenceService.Inference.Pipeline;
using InferenceService.FunctionalTests.Families;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.ReferenceCpuTests;

/// <summary>
/// The int8 classifiers against references made on an AVX2 CPU without VNNI: run there, or under
/// <c>qemu-x86_64 -cpu Haswell</c> by .ci/run (docs/int8-classifier-note.md), skipped with the reason elsewhere.
/// </summary>
public sealed class ClassifierReferenceTests
{
    [ReferenceCpuTheory]
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
}
