using System.Text.Json;
using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Families.TfObjectDetection;
using InferenceService.Inference.Families.Yolox;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Pipeline;
using InferenceService.FunctionalTests.Support;
using Xunit.Abstractions;

namespace InferenceService.FunctionalTests.Accuracy;

/// <summary>
/// COCO AP of yolox-nano through the service's own pipeline (decode, resize, letterbox, decode, NMS) on the
/// 153-image val2017 subset. The reference pipeline reached 30.0; resize kernels move it by ≤ 0.2, a colour
/// order or letterbox mistake by far more.
/// </summary>
public sealed class CocoAccuracyTests(ITestOutputHelper output)
{
    [SharedAssetFact]
    public void YoloxNano_reaches_the_reference_COCO_AP_on_the_val2017_subset()
    {
        var dataset = SharedAssets.Resolve("datasets", "coco-val-subset");
        using var annotations = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dataset, "annotations", "instances_val2017_subset.json")));
        using var categories = JsonDocument.Parse(File.ReadAllBytes(SharedAssets.Resolve("labels", "coco80-categories.json")));
        var categoryOfClass = categories.RootElement.EnumerateArray()
            .ToDictionary(c => c.GetProperty("index").GetInt32(), c => c.GetProperty("id").GetInt32());

        var images = annotations.RootElement.GetProperty("images").EnumerateArray()
            .Select(i => (Id: i.GetProperty("id").GetInt64(), File: i.GetProperty("file_name").GetString()!))
            .ToList();
        var groundTruth = annotations.RootElement.GetProperty("annotations").EnumerateArray().Select(a =>
        {
            var b = a.GetProperty("bbox");
            return new CocoGroundTruth(a.GetProperty("image_id").GetInt64(), a.GetProperty("category_id").GetInt32(),
                b[0].GetDouble(), b[1].GetDouble(), b[2].GetDouble(), b[3].GetDouble(),
                a.GetProperty("area").GetDouble(), a.GetProperty("iscrowd").GetInt32() == 1);
        }).ToList();
        var categoryIds = annotations.RootElement.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToList();

        var loader = new ModelLoader(KnownFamilies.Recogniser());
        using var pipeline = loader.Load(new InferenceOptions { ModelDir = SharedAssets.Model("yolox-nano") });
        var options = new PredictionOptions { Confidence = 0.001f, Iou = 0.65f, MaxDetections = 100 };
        var detections = new List<CocoDetection>();
        foreach (var (id, file) in images)
        {
            var result = pipeline.Predict(File.ReadAllBytes(Path.Combine(dataset, "images", file)), options);
            detections.AddRange(result.Detections.Select(d => new CocoDetection(
                id, categoryOfClass[d.ClassId], d.X1, d.Y1, d.X2 - d.X1, d.Y2 - d.Y1, d.Score)));
        }

        var metrics = CocoEvaluator.Evaluate(images.Select(i => i.Id).ToList(), categoryIds, groundTruth, detections);
        output.WriteLine(
            $"yolox-nano on coco-val-subset: images={images.Count} annotations={groundTruth.Count} detections={detections.Count} " +
            $"categories={metrics.Categories}: AP={metrics.AP * 100:F1} AP50={metrics.AP50 * 100:F1} AP75={metrics.AP75 * 100:F1}");
        Assert.InRange(metrics.AP * 100, 29.0, 31.0);
    }
}
