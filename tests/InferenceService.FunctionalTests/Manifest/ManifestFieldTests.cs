using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Manifest;
using InferenceService.Inference.Pipeline;
using InferenceService.Inference.Preprocessing;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Manifest;

/// <summary>
/// Each inference.json field, on the real shared models: the manifest sits in a temp folder beside links to the
/// shared files, and every field has to change what the model answers (or fail the load with a clear reason).
/// </summary>
public sealed class ManifestFieldTests
{
    private static readonly byte[] Dog = SharedAssets.Available ? File.ReadAllBytes(SharedAssets.Image("dog.jpg")) : [];

    private static (ModelPlan Plan, PredictionOptions Defaults, List<(string Name, float Score, float[] Box)> Found) Run(
        string model, string? manifest, PredictionOptions? options = null)
    {
        using var dir = manifest is null ? TestModels.CopyWith(model) : TestModels.CopyWith(model, (ModelManifest.FileName, manifest));
        using var pipeline = TestModels.Load(dir.Path);
        var result = pipeline.Predict(Dog, options ?? pipeline.DefaultOptions);
        var found = result.Detections
            .Select(d => (pipeline.Labels.NameOf(d.ClassId), d.Score, new[] { d.X1, d.Y1, d.X2, d.Y2 }))
            .ToList();
        return (pipeline.Plan, pipeline.DefaultOptions, found);
    }

    private static ModelLoadException LoadFails(string model, string manifest)
    {
        using var dir = TestModels.CopyWith(model, (ModelManifest.FileName, manifest));
        return Assert.ThrowsAny<ModelLoadException>(() => TestModels.Load(dir.Path).Dispose());
    }

    private static float Best(List<(string Name, float Score, float[] Box)> found, string name) =>
        found.Where(f => f.Name == name).Select(f => f.Score).DefaultIfEmpty(0f).Max();

    private static readonly PredictionOptions Low = new() { Confidence = 0.05f };

    /// <summary>
    /// The mean, over every reference detection of at least 0.5 on the photos in ../shared/images, of the best score the pipeline gives
    /// that class near that box (0 when missed): one number that a preprocessing mistake pulls down.
    /// </summary>
    private static float ReferenceRecall(string model, string? manifest)
    {
        using var dir = manifest is null ? TestModels.CopyWith(model) : TestModels.CopyWith(model, (ModelManifest.FileName, manifest));
        using var pipeline = TestModels.Load(dir.Path);
        var scores = new List<float>();
        foreach (var (image, reference) in ReferenceOutput.Detections("yolox-nano").Where(p => File.Exists(SharedAssets.Image(p.Key))))
        {
            var found = pipeline.Predict(File.ReadAllBytes(SharedAssets.Image(image)), Low).Detections;
            scores.AddRange(reference.Where(r => r.Score >= 0.5f).Select(r => found
                .Where(d => pipeline.Labels.NameOf(d.ClassId) == r.Name && BoxMath.IoU([d.X1, d.Y1, d.X2, d.Y2], [r.X1, r.Y1, r.X2, r.Y2]) >= 0.5)
                .Select(d => d.Score).DefaultIfEmpty(0f).Max()));
        }

        return scores.Average();
    }

    [SharedAssetTheory]
    [InlineData("yolox-nano", "RGB")]
    [InlineData("yolox-nano-ultralytics", "BGR")]
    public void Wrong_colour_order_is_measurably_worse_over_the_reference_detections(string model, string wrong)
    {
        var own = ReferenceRecall(model, null);
        var swapped = ReferenceRecall(model, $$"""{ "color_order": "{{wrong}}" }""");
        Assert.True(own > 0.7f, $"{model} with its own colour order: mean reference score {own}");
        Assert.True(swapped < own - 0.02f, $"{model} with {wrong}: mean reference score {swapped} is not measurably below {own}");
    }

    [SharedAssetFact]
    public void Detr_letterbox_instead_of_stretch_gives_the_source_models_car_back()
    {
        // PROVENANCE: the stretched input turns dog.jpg's car (0.81 letterboxed) into truck 0.78 / car 0.46; the
        // source's own top-left canvas is graph-exact with yolox-nano's reference.
        var stretch = Run("yolox-nano-detr", null);
        var letterbox = Run("yolox-nano-detr", """{ "resize": "letterbox-top-left", "pad_value": 114 }""");
        Assert.Equal(ResizeMode.Stretch, stretch.Plan.Preprocess.Resize);
        Assert.Equal(ResizeMode.LetterboxTopLeft, letterbox.Plan.Preprocess.Resize);
        Assert.True(Best(stretch.Found, "car") < 0.6f, $"stretch car {Best(stretch.Found, "car")}");
        Assert.True(Best(stretch.Found, "truck") > 0.6f, $"stretch truck {Best(stretch.Found, "truck")}");
        Assert.True(Math.Abs(Best(letterbox.Found, "car") - 0.810f) < 0.05f, $"letterbox car {Best(letterbox.Found, "car")} vs the source's 0.810");
        Assert.True(Math.Abs(Best(letterbox.Found, "dog") - 0.826f) < 0.05f, $"letterbox dog {Best(letterbox.Found, "dog")} vs the source's 0.826");
    }

    [SharedAssetFact]
    public void Pad_value_reaches_the_letterbox_canvas()
    {
        var grey = Run("yolox-nano", null, Low);
        var black = Run("yolox-nano", """{ "pad_value": 0 }""", Low);
        Assert.Equal(0f, black.Plan.Preprocess.PadValue);
        Assert.True(Best(black.Found, "dog") > 0.5f, "the dog is still found on a black canvas");
        Assert.NotEqual(Best(grey.Found, "dog"), Best(black.Found, "dog"));
    }

    [SharedAssetFact]
    public void Normalisation_preset_that_is_wrong_for_the_model_loses_the_dog()
    {
        var own = Run("yolox-nano", null);
        var torch = Run("yolox-nano", """{ "normalize": "torch" }""");
        Assert.Equal([0.485f, 0.456f, 0.406f], torch.Plan.Preprocess.Mean);
        Assert.Contains(own.Found, f => f.Name == "dog");
        Assert.DoesNotContain(torch.Found, f => f.Name == "dog" && f.Score > 0.5f);
    }

    [SharedAssetFact]
    public void Explicit_numbers_equal_to_the_recognised_scale_give_the_same_answer_and_raw_does_not()
    {
        var own = Run("yolox-nano-ultralytics", null);
        var same = Run("yolox-nano-ultralytics", """{ "scale": 0.003921569, "mean": [0, 0, 0], "std": [1, 1, 1] }""");
        var raw = Run("yolox-nano-ultralytics", """{ "normalize": "raw" }""");
        Assert.Equal(own.Found.Count, same.Found.Count);
        Assert.True(Math.Abs(Best(own.Found, "dog") - Best(same.Found, "dog")) < 1e-4f);
        Assert.Equal(1f, raw.Plan.Preprocess.Scale);
        Assert.True(Best(raw.Found, "dog") < Best(own.Found, "dog") - 0.1f, $"raw 0-255 dog {Best(raw.Found, "dog")}");
    }

    [SharedAssetFact]
    public void Tf_preset_and_its_explicit_numbers_serve_the_keras_classifier_alike()
    {
        static (int Id, float P) Top(string? manifest)
        {
            using var dir = manifest is null ? TestModels.CopyWith("mobilenetv2-tf-scale") : TestModels.CopyWith("mobilenetv2-tf-scale", (ModelManifest.FileName, manifest));
            using var pipeline = TestModels.Load(dir.Path);
            var top = pipeline.Predict(Dog, pipeline.DefaultOptions).Classifications[0];
            return (top.ClassId, top.Probability);
        }

        var own = Top(null);
        var preset = Top("""{ "normalize": "tf" }""");
        var numbers = Top("""{ "scale": 0.007843137, "mean": [1, 1, 1], "std": [1, 1, 1] }""");
        var torch = Top("""{ "normalize": "torch" }""");
        Assert.Equal(own, preset);
        Assert.Equal(own.Id, numbers.Id);
        Assert.True(Math.Abs(own.P - numbers.P) < 1e-3f);
        Assert.True(torch.Id != own.Id || torch.P < own.P - 0.05f, $"torch preset top {torch} vs tf {own}");
    }

    [SharedAssetFact]
    public void Labels_file_named_in_the_manifest_names_the_classes()
    {
        var names = string.Join('\n', Enumerable.Range(0, 80).Select(i => $"thing-{i}"));
        using var dir = TestModels.CopyWith("yolox-nano", ("mine.txt", names), (ModelManifest.FileName, """{ "labels": "mine.txt" }"""));
        using var pipeline = TestModels.Load(dir.Path);
        Assert.EndsWith("mine.txt", pipeline.Labels.Source);
        Assert.Contains(pipeline.Predict(Dog, pipeline.DefaultOptions).Detections, d => pipeline.Labels.NameOf(d.ClassId) == "thing-16");
    }

    [SharedAssetFact]
    public void Label_id_offset_skips_a_leading_background_line()
    {
        var coco = File.ReadAllLines(Path.Combine(SharedAssets.Model("yolox-nano"), "labels.txt")).Where(l => l.Length > 0);
        var withBackground = string.Join('\n', coco.Prepend("background"));
        using var dir = TestModels.CopyWith("yolox-nano", ("labels.txt", withBackground), (ModelManifest.FileName, """{ "label_id_offset": 1 }"""));
        using var pipeline = TestModels.Load(dir.Path);
        Assert.Contains(pipeline.Predict(Dog, pipeline.DefaultOptions).Detections, d => pipeline.Labels.NameOf(d.ClassId) == "dog");

        // The same offset over the 80-line file leaves the model's last class without a name.
        Assert.Contains("names 79 classes but the model scores 80", LoadFails("yolox-nano", """{ "label_id_offset": 1 }""").Message);
    }

    [SharedAssetFact]
    public void Default_thresholds_and_max_detections_come_from_the_manifest()
    {
        var own = Run("yolox-nano", null);
        Assert.Contains(own.Found, f => f.Score < 0.5f);
        var strict = Run("yolox-nano", """{ "confidence": 0.5, "iou": 0.6, "max_detections": 2 }""");
        Assert.Equal(new PredictionOptions { Confidence = 0.5f, Iou = 0.6f, MaxDetections = 2, TopK = own.Defaults.TopK }, strict.Defaults with { Classes = null });
        Assert.Equal(2, strict.Found.Count);
        Assert.All(strict.Found, f => Assert.True(f.Score >= 0.5f));
        Assert.Equal("dog", strict.Found[0].Name);
    }

    [SharedAssetFact]
    public void Top_k_from_the_manifest_sets_the_classifier_default()
    {
        using var dir = TestModels.CopyWith("mobilenetv2-softmax", (ModelManifest.FileName, """{ "top_k": 3 }"""));
        using var pipeline = TestModels.Load(dir.Path);
        Assert.Equal(3, pipeline.Predict(Dog, pipeline.DefaultOptions).Classifications.Count);
    }

    [SharedAssetFact]
    public void Nms_is_off_for_detr_by_default_and_the_manifest_turns_it_on()
    {
        var raw = Run("yolox-nano-detr", null, Low);
        var nms = Run("yolox-nano-detr", """{ "nms": true }""", Low);
        Assert.False(raw.Plan.AppliesNms);
        Assert.True(nms.Plan.AppliesNms);
        Assert.True(nms.Found.Count < raw.Found.Count, $"NMS kept {nms.Found.Count} of {raw.Found.Count}");
        var overlapping = raw.Found.Where(a => raw.Found.Any(b => !ReferenceEquals(a.Box, b.Box) && a.Name == b.Name && BoxMath.IoU(a.Box, b.Box) > 0.45)).Count();
        Assert.True(overlapping > 0, "without NMS several queries answer for one object");
    }

    [SharedAssetFact]
    public void Family_and_task_force_the_choice_and_a_wrong_one_is_refused()
    {
        Assert.Equal("yolox", Run("yolox-nano", """{ "family": "yolox", "task": "detection" }""").Plan.Family);
        Assert.Contains("family 'ultralytics'", LoadFails("yolox-nano", """{ "family": "ultralytics" }""").Message);
        Assert.Contains("task Classification", LoadFails("yolox-nano", """{ "task": "classification" }""").Message);
        Assert.Contains("task Detection", LoadFails("mobilenetv2-softmax", """{ "task": "detection" }""").Message);
    }

    [SharedAssetFact]
    public void Size_layout_and_dtype_that_contradict_the_graph_are_reported_with_both_sides()
    {
        var size = LoadFails("yolox-nano", """{ "width": 320, "height": 320 }""").Message;
        Assert.Contains("$.height is 320", size);
        Assert.Contains("416", size);
        var layout = LoadFails("yolox-nano", """{ "layout": "NHWC" }""").Message;
        Assert.Contains("$.layout is NHWC", layout);
        Assert.Contains("images: float[1,3,416,416]", layout);
        var dtype = LoadFails("yolox-nano", """{ "dtype": "uint8" }""").Message;
        Assert.Contains("$.dtype is uint8", dtype);
        Assert.Contains("float", LoadFails("mobilenetv2-nhwc-uint8", """{ "dtype": "float32" }""").Message);
        Assert.Contains("$.input names 'pixels'", LoadFails("yolox-nano", """{ "input": "pixels" }""").Message);
    }

    [SharedAssetFact]
    public void Every_schema_violation_is_reported_with_its_path()
    {
        var error = Assert.IsType<ManifestException>(LoadFails("yolox-nano", """
            { "width": 0, "color_order": "rgb", "mean": [0, "a", 0], "std": [1, 1], "colour": "BGR", "nms": "yes", "confidence": 1.5 }
            """));
        Assert.Equal(
            ["$.width", "$.color_order", "$.mean[1]", "$.std", "$.colour", "$.nms", "$.confidence"],
            error.Violations.Select(v => v.Path));
        Assert.Contains("7 problems", error.Message);
        Assert.Contains("$.mean[1]: must be \"number\"", error.Message);
    }
}
