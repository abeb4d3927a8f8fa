namespace InferenceService.FunctionalTests.Accuracy;

/// <summary>A ground-truth box: <c>[x, y, w, h]</c> and the annotation's own <c>area</c> (of its segmentation).</summary>
public sealed record CocoGroundTruth(long ImageId, int CategoryId, double X, double Y, double W, double H, double Area, bool IsCrowd);

/// <summary>A detection in COCO results form: <c>[x, y, w, h]</c> and a score.</summary>
public sealed record CocoDetection(long ImageId, int CategoryId, double X, double Y, double W, double H, double Score);

/// <summary>AP@[.50:.95], AP@.50 and AP@.75 as fractions; NaN when no category has ground truth.</summary>
public sealed record CocoMetrics(double AP, double AP50, double AP75, int Categories);

/// <summary>
/// COCO bbox evaluation as pycocotools' COCOeval computes it for one area range and one maxDets: per image and
/// category, detections sorted by score (stably) and cut to maxDets; ground truth that is crowd or outside the
/// area range is ignored and sorted last; greedy matching at each IoU threshold where a crowd box's IoU is
/// intersection / detection area and a match to an ignored box makes the detection ignored; per category the
/// detections of all images ranked by score, precision made monotone from the right, sampled at 101 recall
/// points (searchsorted left, 0 past the last recall); categories without unignored ground truth are left out.
/// </summary>
public static class CocoEvaluator
{
    public static readonly double[] IouThresholds = Linspace(0.5, 0.95, 10);

    public static readonly double[] RecallThresholds = Linspace(0.0, 1.0, 101);

    public static CocoMetrics Evaluate(
        IReadOnlyCollection<long> imageIds,
        IReadOnlyCollection<int> categoryIds,
        IEnumerable<CocoGroundTruth> groundTruth,
        IEnumerable<CocoDetection> detections,
        int maxDets = 100,
        double minArea = 0,
        double maxArea = 1e10)
    {
        var images = imageIds.ToHashSet();
        var gtBy = groundTruth.Where(g => images.Contains(g.ImageId)).ToLookup(g => (g.ImageId, g.CategoryId));
        var dtBy = detections.Where(d => images.Contains(d.ImageId)).ToLookup(d => (d.ImageId, d.CategoryId));
        var t = IouThresholds.Length;
        var perThreshold = Enumerable.Range(0, t).Select(_ => new List<double>()).ToArray();
        var categories = 0;

        foreach (var category in categoryIds)
        {
            var scores = new List<double>();
            var matched = new List<bool[]>();
            var ignored = new List<bool[]>();
            var unignoredGt = 0;
            foreach (var image in imageIds)
            {
                var gts = gtBy[(image, category)].ToList();
                var dts = dtBy[(image, category)].ToList();
                if (gts.Count == 0 && dts.Count == 0)
                {
                    continue;
                }

                var result = EvaluateImage(gts, dts, maxDets, minArea, maxArea);
                unignoredGt += result.UnignoredGt;
                for (var d = 0; d < result.Scores.Length; d++)
                {
                    scores.Add(result.Scores[d]);
                    matched.Add(Enumerable.Range(0, t).Select(k => result.Matched[k, d]).ToArray());
                    ignored.Add(Enumerable.Range(0, t).Select(k => result.Ignored[k, d]).ToArray());
                }
            }

            if (unignoredGt == 0)
            {
                continue;
            }

            categories++;
            // np.argsort(-scores, kind="mergesort"): by score descending, ties in concatenation order.
            var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
            for (var k = 0; k < t; k++)
            {
                perThreshold[k].Add(AveragePrecision(order.Select(i => (matched[i][k], ignored[i][k])).ToList(), unignoredGt));
            }
        }

        if (categories == 0)
        {
            return new CocoMetrics(double.NaN, double.NaN, double.NaN, 0);
        }

        var all = perThreshold.SelectMany(p => p).Average();
        return new CocoMetrics(all, perThreshold[0].Average(), perThreshold[5].Average(), categories);
    }

    /// <summary>pycocotools' interpolated AP for one category at one IoU threshold, averaged over the recall points.</summary>
    private static double AveragePrecision(List<(bool Matched, bool Ignored)> ranked, int unignoredGt)
    {
        var recall = new double[ranked.Count];
        var precision = new double[ranked.Count];
        double tp = 0, fp = 0;
        for (var i = 0; i < ranked.Count; i++)
        {
            var (isMatched, isIgnored) = ranked[i];
            if (!isIgnored)
            {
                if (isMatched) tp++;
                else fp++;
            }

            recall[i] = tp / unignoredGt;
            precision[i] = tp / (tp + fp + double.Epsilon);
        }

        for (var i = precision.Length - 1; i > 0; i--)
        {
            if (precision[i] > precision[i - 1])
            {
                precision[i - 1] = precision[i];
            }
        }

        double sum = 0;
        foreach (var r in RecallThresholds)
        {
            // searchsorted(recall, r, side="left"): the first index whose recall reaches r.
            var index = Array.FindIndex(recall, v => v >= r);
            sum += index >= 0 ? precision[index] : 0;
        }

        return sum / RecallThresholds.Length;
    }

    private sealed record ImageResult(double[] Scores, bool[,] Matched, bool[,] Ignored, int UnignoredGt);

    private static ImageResult EvaluateImage(List<CocoGroundTruth> gts, List<CocoDetection> dts, int maxDets, double minArea, double maxArea)
    {
        bool IgnoredGt(CocoGroundTruth g) => g.IsCrowd || g.Area < minArea || g.Area > maxArea;

        // Unignored ground truth first (a stable sort, as numpy's mergesort); detections by score, cut to maxDets.
        var gt = gts.OrderBy(g => IgnoredGt(g) ? 1 : 0).ToArray();
        var dt = dts.OrderByDescending(d => d.Score).Take(maxDets).ToArray();
        var gtIgnored = gt.Select(IgnoredGt).ToArray();
        var t = IouThresholds.Length;
        var gtMatched = new bool[t, gt.Length];
        var dtMatched = new bool[t, dt.Length];
        var dtIgnored = new bool[t, dt.Length];

        for (var k = 0; k < t; k++)
        {
            for (var d = 0; d < dt.Length; d++)
            {
                var best = Math.Min(IouThresholds[k], 1 - 1e-10);
                var m = -1;
                for (var g = 0; g < gt.Length; g++)
                {
                    if (gtMatched[k, g] && !gt[g].IsCrowd)
                    {
                        continue;
                    }

                    // Once matched to real ground truth, stop at the ignored ones sorted after it.
                    if (m > -1 && !gtIgnored[m] && gtIgnored[g])
                    {
                        break;
                    }

                    var iou = IoU(dt[d], gt[g]);
                    if (iou < best)
                    {
                        continue;
                    }

                    best = iou;
                    m = g;
                }

                if (m == -1)
                {
                    continue;
                }

                dtIgnored[k, d] = gtIgnored[m];
                dtMatched[k, d] = true;
                gtMatched[k, m] = true;
            }

            // Unmatched detections outside the area range are ignored too.
            for (var d = 0; d < dt.Length; d++)
            {
                var area = dt[d].W * dt[d].H;
                if (!dtMatched[k, d] && (area < minArea || area > maxArea))
                {
                    dtIgnored[k, d] = true;
                }
            }
        }

        return new ImageResult(dt.Select(d => d.Score).ToArray(), dtMatched, dtIgnored, gtIgnored.Count(i => !i));
    }

    /// <summary>maskUtils.iou for boxes: a crowd box counts intersection over the detection's area.</summary>
    public static double IoU(CocoDetection d, CocoGroundTruth g)
    {
        var w = Math.Min(d.X + d.W, g.X + g.W) - Math.Max(d.X, g.X);
        var h = Math.Min(d.Y + d.H, g.Y + g.H) - Math.Max(d.Y, g.Y);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        var inter = w * h;
        var union = g.IsCrowd ? d.W * d.H : (d.W * d.H) + (g.W * g.H) - inter;
        return inter / union;
    }

    /// <summary>numpy.linspace(start, stop, count).</summary>
    private static double[] Linspace(double start, double stop, int count)
    {
        var step = (stop - start) / (count - 1);
        return Enumerable.Range(0, count).Select(i => i == count - 1 ? stop : start + (i * step)).ToArray();
    }
}
