namespace InferenceService.Inference.Postprocessing;

/// <summary>Greedy class-aware non-maximum suppression, as YOLOX's and torchvision's batched_nms do it.</summary>
public static class NonMaxSuppression
{
    private static readonly Comparison<Detection> ByScoreDescending = (a, b) => b.Score.CompareTo(a.Score);

    /// <summary>
    /// Sorts <paramref name="detections"/> by score and removes every box that overlaps a higher-scoring box
    /// of the same class by more than <paramref name="iouThreshold"/>; keeps at most <paramref name="maxKeep"/>.
    /// </summary>
    public static void Apply(List<Detection> detections, float iouThreshold, int maxKeep)
    {
        detections.Sort(ByScoreDescending);
        var kept = 0;
        for (var i = 0; i < detections.Count && kept < maxKeep; i++)
        {
            var candidate = detections[i];
            var suppressed = false;
            for (var k = 0; k < kept; k++)
            {
                var winner = detections[k];
                if (winner.ClassId == candidate.ClassId && Detection.IoU(winner, candidate) > iouThreshold)
                {
                    suppressed = true;
                    break;
                }
            }

            if (!suppressed)
            {
                detections[kept++] = candidate;
            }
        }

        detections.RemoveRange(kept, detections.Count - kept);
    }

    /// <summary>Sorts by score and keeps the best <paramref name="maxKeep"/>, without suppression.</summary>
    public static void TopK(List<Detection> detections, int maxKeep)
    {
        detections.Sort(ByScoreDescending);
        if (detections.Count > maxKeep)
        {
            detections.RemoveRange(maxKeep, detections.Count - maxKeep);
        }
    }
}
