using InferenceService.Inference.Postprocessing;

namespace InferenceService.UnitTests.Unit;

public sealed class NonMaxSuppressionTests
{
    [Fact]
    public void Overlapping_boxes_of_one_class_keep_the_best()
    {
        var list = new List<Detection> { new(0, 0.6f, 0, 0, 10, 10), new(0, 0.9f, 1, 0, 11, 10) };
        NonMaxSuppression.Apply(list, 0.45f, 100);
        Assert.Equal(0.9f, Assert.Single(list).Score);
    }

    [Fact]
    public void Suppression_is_class_aware()
    {
        var list = new List<Detection> { new(0, 0.9f, 0, 0, 10, 10), new(1, 0.8f, 0, 0, 10, 10) };
        NonMaxSuppression.Apply(list, 0.45f, 100);
        Assert.Equal([0, 1], list.Select(d => d.ClassId));
    }

    [Fact]
    public void Only_an_IoU_above_the_threshold_suppresses()
    {
        // Two 10x10 boxes shifted by 5: intersection 50, union 150, IoU exactly 1/3.
        var atThreshold = new List<Detection> { new(0, 0.9f, 0, 0, 10, 10), new(0, 0.8f, 5, 0, 15, 10) };
        NonMaxSuppression.Apply(atThreshold, 1f / 3f, 100);
        Assert.Equal(2, atThreshold.Count);

        var above = new List<Detection> { new(0, 0.9f, 0, 0, 10, 10), new(0, 0.8f, 5, 0, 15, 10) };
        NonMaxSuppression.Apply(above, 0.3f, 100);
        Assert.Single(above);
    }

    [Fact]
    public void Touching_and_degenerate_boxes_have_IoU_zero()
    {
        Assert.Equal(0f, Detection.IoU(new(0, 1, 0, 0, 10, 10), new(0, 1, 10, 0, 20, 10)));
        Assert.Equal(0f, Detection.IoU(new(0, 1, 5, 5, 5, 5), new(0, 1, 5, 5, 5, 5)));
        Assert.Equal(1f, Detection.IoU(new(0, 1, 0, 0, 10, 10), new(0, 1, 0, 0, 10, 10)));
    }

    [Fact]
    public void At_most_max_keep_survive_sorted_by_score()
    {
        var list = Enumerable.Range(0, 10).Select(i => new Detection(0, i / 10f, i * 20, 0, i * 20 + 10, 10)).ToList();
        NonMaxSuppression.Apply(list, 0.45f, 3);
        Assert.Equal([0.9f, 0.8f, 0.7f], list.Select(d => d.Score));
    }

    [Fact]
    public void A_suppressed_box_does_not_suppress_others()
    {
        // B overlaps A (suppressed), C overlaps B but not A: C survives, as greedy NMS requires.
        var list = new List<Detection> { new(0, 0.9f, 0, 0, 10, 10), new(0, 0.8f, 4, 0, 14, 10), new(0, 0.7f, 10, 0, 20, 10) };
        NonMaxSuppression.Apply(list, 0.3f, 100);
        Assert.Equal([0.9f, 0.7f], list.Select(d => d.Score));
    }
}
