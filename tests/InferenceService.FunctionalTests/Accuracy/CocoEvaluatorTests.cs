namespace InferenceService.FunctionalTests.Accuracy;

/// <summary>Tiny cases whose pycocotools AP is worked out by hand in each test.</summary>
public sealed class CocoEvaluatorTests
{
    private static readonly long[] OneImage = [1];
    private static readonly int[] OneCategory = [1];

    private static CocoGroundTruth Gt(double x, double y, double w, double h, bool crowd = false, int category = 1) =>
        new(1, category, x, y, w, h, w * h, crowd);

    private static CocoDetection Dt(double x, double y, double w, double h, double score, int category = 1) =>
        new(1, category, x, y, w, h, score);

    [Fact]
    public void A_perfect_detection_scores_AP_1()
    {
        var m = CocoEvaluator.Evaluate(OneImage, OneCategory, [Gt(10, 10, 100, 100)], [Dt(10, 10, 100, 100, 0.9)]);
        Assert.Equal((1.0, 1.0, 1.0, 1), (m.AP, m.AP50, m.AP75, m.Categories));
    }

    [Fact]
    public void A_box_with_IoU_0_62_counts_at_three_of_ten_thresholds()
    {
        // 100x100 ground truth, 100x62 detection inside it: IoU 0.62 ≥ .50, .55, .60 only.
        var m = CocoEvaluator.Evaluate(OneImage, OneCategory, [Gt(0, 0, 100, 100)], [Dt(0, 0, 100, 62, 0.9)]);
        Assert.Equal(0.3, m.AP, 10);
        Assert.Equal(1.0, m.AP50, 10);
        Assert.Equal(0.0, m.AP75, 10);
    }

    [Fact]
    public void Precision_is_made_monotone_from_the_right()
    {
        // Ranked: FP, TP, TP → precision 0, 1/2, 2/3, envelope 2/3 everywhere, recall reaches 1: AP = 2/3.
        var m = CocoEvaluator.Evaluate(OneImage, OneCategory,
            [Gt(0, 0, 50, 50), Gt(200, 200, 50, 50)],
            [Dt(500, 500, 50, 50, 0.9), Dt(0, 0, 50, 50, 0.8), Dt(200, 200, 50, 50, 0.7)]);
        Assert.Equal(2.0 / 3.0, m.AP, 10);
    }

    [Fact]
    public void Missed_ground_truth_leaves_recall_points_at_zero()
    {
        // One of two found with precision 1: recall points 0.00 … 0.50 (51 of 101) score 1, the rest 0.
        var m = CocoEvaluator.Evaluate(OneImage, OneCategory,
            [Gt(0, 0, 50, 50), Gt(200, 200, 50, 50)],
            [Dt(0, 0, 50, 50, 0.9)]);
        Assert.Equal(51.0 / 101.0, m.AP, 10);
    }

    [Fact]
    public void A_detection_inside_a_crowd_region_is_ignored_not_a_false_positive()
    {
        // Without crowd handling the 0.9 detection would be a false positive ranked first (AP 1/2 at recall 1).
        var m = CocoEvaluator.Evaluate(OneImage, OneCategory,
            [Gt(0, 0, 50, 50), Gt(300, 300, 400, 400, crowd: true)],
            [Dt(350, 350, 40, 40, 0.9), Dt(0, 0, 50, 50, 0.5)]);
        Assert.Equal(1.0, m.AP, 10);
    }

    [Fact]
    public void A_crowd_region_is_not_ground_truth_to_find()
    {
        // Only crowd ground truth: the category has nothing to find and is left out.
        var m = CocoEvaluator.Evaluate(OneImage, OneCategory, [Gt(0, 0, 50, 50, crowd: true)], [Dt(0, 0, 50, 50, 0.9)]);
        Assert.Equal(0, m.Categories);
        Assert.True(double.IsNaN(m.AP));
    }

    [Fact]
    public void Real_ground_truth_is_matched_before_an_overlapping_crowd_region()
    {
        // IoU 0.72 with the real box, intersection/area 1 with the crowd: a match at .50–.70; above that the
        // detection falls to the crowd box (ignored) and the real box is missed: AP = 5/10.
        var m = CocoEvaluator.Evaluate(OneImage, OneCategory,
            [Gt(0, 0, 100, 100, crowd: true), Gt(0, 0, 100, 100)],
            [Dt(0, 0, 100, 72, 0.9)]);
        Assert.Equal(0.5, m.AP, 10);
    }

    [Fact]
    public void Categories_without_ground_truth_are_excluded_from_the_mean()
    {
        int[] categories = [1, 2];
        var m = CocoEvaluator.Evaluate(OneImage, categories,
            [Gt(0, 0, 50, 50)],
            [Dt(0, 0, 50, 50, 0.9), Dt(100, 100, 50, 50, 0.95, category: 2)]);
        Assert.Equal((1.0, 1), (m.AP, m.Categories));
    }

    [Fact]
    public void A_ground_truth_box_is_matched_once_and_the_duplicate_is_a_false_positive()
    {
        // TP (0.9) then duplicate FP (0.8): precision 1 at recall 1 is reached first, so AP = 1; the duplicate
        // ranked first instead (0.95) gives precision 1/2 at recall 1: AP = 1/2.
        var first = CocoEvaluator.Evaluate(OneImage, OneCategory, [Gt(0, 0, 50, 50)],
            [Dt(0, 0, 50, 50, 0.9), Dt(1, 1, 50, 50, 0.8)]);
        var duplicateFirst = CocoEvaluator.Evaluate(OneImage, OneCategory, [Gt(0, 0, 50, 50)],
            [Dt(0, 0, 50, 50, 0.9), Dt(100, 100, 50, 50, 0.95)]);
        Assert.Equal(1.0, first.AP, 10);
        Assert.Equal(0.5, duplicateFirst.AP, 10);
    }

    [Fact]
    public void Only_maxDets_detections_per_image_and_category_count()
    {
        // Two perfect detections of two objects, but maxDets 1 keeps only the better one: recall 1/2.
        var m = CocoEvaluator.Evaluate(OneImage, OneCategory,
            [Gt(0, 0, 50, 50), Gt(200, 200, 50, 50)],
            [Dt(0, 0, 50, 50, 0.9), Dt(200, 200, 50, 50, 0.8)], maxDets: 1);
        Assert.Equal(51.0 / 101.0, m.AP, 10);
    }
}
