using InferenceService.Inference.Labels;
using InferenceService.Inference.Postprocessing;
using InferenceService.Inference.Preprocessing;

namespace InferenceService.UnitTests.Unit;

public sealed class PostprocessingTests
{
    private static readonly LabelSet Labels = new(new Dictionary<int, string> { [0] = "cat", [1] = "dog", [2] = "fox", [3] = "owl" }, "test");

    [Fact]
    public void Top_classes_are_the_k_most_probable_the_filter_keeps_best_first()
    {
        float[] probabilities = [0.1f, 0.4f, 0.3f, 0.2f];

        Assert.Equal([1, 2], TopClasses.Select(probabilities, 2, Labels, null).Select(c => c.ClassId));
        Assert.Equal([2, 0], TopClasses.Select(probabilities, 2, Labels, new HashSet<string> { "cat", "fox" }).Select(c => c.ClassId));
        Assert.Empty(TopClasses.Select(probabilities, 0, Labels, null));
    }

    [Fact]
    public void Boxes_map_back_through_the_letterbox_and_those_in_the_padding_or_filtered_out_go()
    {
        // A 200x100 image letterboxed top-left into 100x100: scale 0.5, the bottom half of the tensor is padding.
        var geometry = InputGeometry.For(new PreprocessSpec { Width = 100, Height = 100, Resize = ResizeMode.LetterboxTopLeft }, 200, 100);
        var detections = new List<Detection>
        {
            new(1, 0.9f, 10, 10, 20, 20),
            new(1, 0.8f, 10, 60, 20, 70),
            new(0, 0.7f, 10, 10, 20, 20),
        };

        BoxMapping.ToImage(detections, geometry, Labels, new HashSet<string> { "dog" });

        Assert.Equal(new Detection(1, 0.9f, 20, 20, 40, 40), Assert.Single(detections));
    }
}
