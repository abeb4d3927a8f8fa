using System.Text.Json;
using InferenceService.Inference.Families;
using InferenceService.Inference.Manifest;
using InferenceService.Inspection;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Inspection;

/// <summary><c>inspect</c> on the shared model folders the service serves: exit 0, the family named, the same in JSON.</summary>
public sealed class InspectSharedModelTests
{
    [SharedAssetTheory]
    [InlineData("yolox-nano", "yolox")]
    [InlineData("yolox-nano-dynamic", "yolox")]
    [InlineData("yolox-nano-tfod", "tf-object-detection")]
    [InlineData("yolox-nano-ultralytics", "ultralytics")]
    [InlineData("yolox-nano-torchvision", "torchvision")]
    [InlineData("yolox-nano-detr", "detr")]
    [InlineData("yolox-nano-e2e", "ultralytics-e2e")]
    [InlineData("yolox-nano-rtdetr", "rtdetr")]
    [InlineData("yolox-nano-nas", "yolo-nas")]
    [InlineData("mobilenetv2-12-int8", "imagenet-classifier")]
    [InlineData("mobilenetv2-nhwc-uint8", "imagenet-classifier")]
    [InlineData("mobilenetv2-tf-scale", "imagenet-classifier")]
    [InlineData("mobilenetv2-softmax", "imagenet-classifier")]
    public void Shared_model_folder_is_servable_and_names_its_family(string model, string family)
    {
        var (exit, output) = Inspector.Run(SharedAssets.Model(model));

        Assert.Equal(InspectCommand.Servable, exit);
        Assert.Equal("yes", Inspector.Field(output, "servable"));
        Assert.StartsWith(family + " (", Inspector.Field(output, "family"), StringComparison.Ordinal);
        // Every other known family is listed with its reason, so a new family shows up without a change here.
        foreach (var other in KnownFamilies.All.Where(f => f.Name != family))
        {
            Assert.Matches($@"\n(not chosen)?\s+{other.Name}: \S", output);
        }
    }

    [SharedAssetFact]
    public void Json_holds_the_same_report_as_the_text()
    {
        var text = Inspector.Run(SharedAssets.Model("yolox-nano")).Output;
        var (exit, json) = Inspector.Json(SharedAssets.Model("yolox-nano"));

        Assert.Equal(InspectCommand.Servable, exit);
        Assert.True(json.GetProperty("servable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("failure").ValueKind);
        Assert.Equal("yolox", json.GetProperty("family").GetProperty("name").GetString());
        Assert.Equal("detection", json.GetProperty("family").GetProperty("task").GetString());
        var input = json.GetProperty("inputs")[0];
        Assert.Equal("images", input.GetProperty("name").GetString());
        Assert.Equal([1L, 3, 416, 416], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Contains("images: float[1,3,416,416]", text, StringComparison.Ordinal);
        var others = json.GetProperty("other_families").EnumerateArray().ToArray();
        Assert.Equal(KnownFamilies.All.Count - 1, others.Length);
        Assert.All(others, o => Assert.Contains($"{o.GetProperty("name").GetString()}: {o.GetProperty("why_not").GetString()}", text, StringComparison.Ordinal));
        Assert.Equal(Inspector.Field(text, "preprocessing"), json.GetProperty("preprocessing").GetString());
        Assert.Equal(Inspector.Field(text, "postprocessing"), json.GetProperty("postprocessing").GetString());
        Assert.Equal(("labels.txt", 80, 80), (
            json.GetProperty("labels").GetProperty("source").GetString(),
            json.GetProperty("labels").GetProperty("count").GetInt32(),
            json.GetProperty("labels").GetProperty("class_count").GetInt32()));
        Assert.Equal(0.3f, json.GetProperty("defaults").GetProperty("confidence").GetSingle());
        Assert.Empty(json.GetProperty("warnings").EnumerateArray());
    }

    [SharedAssetFact]
    public void Dog_jpg_prints_the_answer_and_the_time_of_each_stage()
    {
        var dog = SharedAssets.Image("dog.jpg");
        var (exit, output) = Inspector.Run(SharedAssets.Model("yolox-nano"), dog);
        var (_, json) = Inspector.Json(SharedAssets.Model("yolox-nano"), dog);

        Assert.Equal(InspectCommand.Servable, exit);
        Assert.Matches(@"dog\.jpg\s+read [0-9.]+ ms, preprocess [0-9.]+ ms, inference [0-9.]+ ms, postprocess [0-9.]+ ms", output);
        Assert.Matches(@"answers\s+dog 0\.[0-9]{3} \[1[0-9]{2}, 2[0-9]{2}, 3[0-9]{2}, 5[0-9]{2}\]", output);
        var image = json.GetProperty("images")[0];
        Assert.Equal(JsonValueKind.Null, image.GetProperty("error").ValueKind);
        var best = image.GetProperty("answers")[0];
        Assert.Equal("dog", best.GetProperty("label").GetString());
        Assert.True(best.GetProperty("score").GetSingle() > 0.7f);
        Assert.Equal(4, best.GetProperty("box").GetArrayLength());
        var times = image.GetProperty("times");
        Assert.All(["preprocess_ms", "inference_ms", "postprocess_ms"], stage => Assert.True(times.GetProperty(stage).GetDouble() > 0, stage));
    }

    [SharedAssetFact]
    public void Classifier_answers_dog_jpg_with_a_breed_and_its_class_id()
    {
        var (exit, json) = Inspector.Json(SharedAssets.Model("mobilenetv2-softmax"), SharedAssets.Image("dog.jpg"));

        Assert.Equal(InspectCommand.Servable, exit);
        var answers = json.GetProperty("images")[0].GetProperty("answers");
        Assert.Equal(5, answers.GetArrayLength());
        // ImageNet ids 151-268 are the dog breeds.
        Assert.InRange(answers[0].GetProperty("class_id").GetInt32(), 151, 268);
        Assert.Equal(JsonValueKind.Null, answers[0].GetProperty("box").ValueKind);
    }

    [SharedAssetFact]
    public void An_image_that_is_not_an_image_is_reported_for_that_image_and_the_folder_stays_servable()
    {
        using var folder = new TempFolder();
        var notAnImage = Path.Combine(folder.Path, "notes.jpg");
        File.WriteAllText(notAnImage, "not a JPEG");

        var (exit, json) = Inspector.Json(SharedAssets.Model("yolox-nano"), notAnImage);

        Assert.Equal(InspectCommand.Servable, exit);
        Assert.False(string.IsNullOrEmpty(json.GetProperty("images")[0].GetProperty("error").GetString()));
    }

    [SharedAssetFact]
    public void Defaults_reported_are_the_configured_ones_with_the_manifests_over_them()
    {
        using var dir = TestModels.CopyWith("yolox-nano", (ModelManifest.FileName, """{ "iou": 0.6 }"""));

        var (exit, json) = Inspector.Json(dir.Path, "--Inference:ConfidenceThreshold=0.5", "--Inference:IouThreshold=0.2");

        Assert.Equal(InspectCommand.Servable, exit);
        var defaults = json.GetProperty("defaults");
        Assert.Equal((0.5f, 0.6f), (defaults.GetProperty("confidence").GetSingle(), defaults.GetProperty("iou").GetSingle()));
        Assert.Equal(["iou"], json.GetProperty("manifest_fields").EnumerateArray().Select(f => f.GetString()));
    }
}
