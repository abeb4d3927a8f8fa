using InferenceService.Inference.Pipeline;
using InferenceService.Inference.Postprocessing;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Families;

/// <summary>The acceptance criteria for a prediction against a reference-output.txt.</summary>
public static class ReferenceComparison
{
    public const float ScoreTolerance = 0.12f;
    public const float MinIoU = 0.80f;

    /// <summary>
    /// Every reference detection ≥ <paramref name="minScore"/> (0.5) has a detection of the same class, score within
    /// <paramref name="scoreTolerance"/> (0.12), IoU ≥ <paramref name="minIoU"/> (0.80).
    /// </summary>
    public static void AssertDetectionsMatch(
        InferencePipeline pipeline, string image, IReadOnlyList<ReferenceDetection> reference, float minIoU = MinIoU, float minScore = 0.5f, float scoreTolerance = ScoreTolerance)
    {
        var result = pipeline.Predict(File.ReadAllBytes(SharedAssets.Image(image)), pipeline.DefaultOptions);
        var strong = reference.Where(r => r.Score >= minScore).ToList();
        Assert.NotEmpty(strong);
        foreach (var r in strong)
        {
            var expected = new Detection(0, r.Score, r.X1, r.Y1, r.X2, r.Y2);
            // The best-scoring detection on the object: for DETR, the best query of the several that find it.
            var onObject = result.Detections
                .Where(d => pipeline.Labels.NameOf(d.ClassId) == r.Name)
                .Select(d => (Detection: d, IoU: Detection.IoU(d with { ClassId = 0 }, expected)))
                .ToList();
            var best = onObject.Where(m => m.IoU >= minIoU).OrderByDescending(m => m.Detection.Score)
                .Concat(onObject.OrderByDescending(m => m.IoU))
                .FirstOrDefault();
            var found = string.Join("; ", result.Detections.Select(d => $"{pipeline.Labels.NameOf(d.ClassId)} {d.Score:0.000} [{d.X1:0},{d.Y1:0},{d.X2:0},{d.Y2:0}]"));
            Assert.True(best.IoU >= minIoU, $"{image}: reference {r.Name} {r.Score} [{r.X1},{r.Y1},{r.X2},{r.Y2}] not found with IoU ≥ {minIoU} (best {best.IoU:0.000}); got {found}");
            Assert.True(Math.Abs(best.Detection.Score - r.Score) <= scoreTolerance,
                $"{image}: {r.Name} score {best.Detection.Score:0.000} vs reference {r.Score}; got {found}");
        }
    }

    /// <summary>Same top-1 with probability within 0.15, and at least 4 of the reference top-5.</summary>
    public static void AssertClassesMatch(InferencePipeline pipeline, string image, IReadOnlyList<ReferenceClass> reference, int minShared = 4, float probabilityTolerance = 0.15f)
    {
        var result = pipeline.Predict(File.ReadAllBytes(SharedAssets.Image(image)), pipeline.DefaultOptions with { TopK = 5 });
        var top = result.Classifications;
        var got = string.Join(", ", top.Select(c => $"{c.ClassId} {c.Probability:0.0000}"));
        Assert.Equal(5, top.Count);
        Assert.True(reference[0].Id == top[0].ClassId, $"{image}: top-1 {top[0].ClassId}, reference {reference[0].Id}; got {got}");
        Assert.True(Math.Abs(top[0].Probability - reference[0].Probability) <= probabilityTolerance,
            $"{image}: top-1 p {top[0].Probability:0.0000} vs reference {reference[0].Probability}; got {got}");
        var shared = reference.Take(5).Count(r => top.Any(t => t.ClassId == r.Id));
        Assert.True(shared >= minShared, $"{image}: only {shared} of the reference top-5 in {got}");
    }
}
