using System.Text.Json;
using InferenceService.Inference.Manifest;
using InferenceService.Inspection;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Inspection;

/// <summary>A folder the service would not serve: exit 3, the service's own reason, and the change that resolves it.</summary>
public sealed class InspectBrokenFolderTests
{
    private static JsonElement Failure(JsonElement report) => report.GetProperty("failure");

    [Fact]
    public void Folder_without_an_onnx_file_exits_3_saying_where_to_put_it()
    {
        using var folder = new TempFolder();

        var (exit, output) = Inspector.Run(folder.Path);

        Assert.Equal(InspectCommand.NotServable, exit);
        Assert.Equal("no", Inspector.Field(output, "servable"));
        Assert.Contains("holds no .onnx file", Inspector.Field(output, "reason"), StringComparison.Ordinal);
        Assert.Contains("model.onnx", Inspector.Field(output, "fix"), StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_onnx_exits_3_with_onnx_runtimes_reason()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "model.onnx"), [0x08, 0x07, 0x12, 0x03, 0xFF, 0xFF]);

        var (exit, json) = Inspector.Json(folder.Path);

        Assert.Equal(InspectCommand.NotServable, exit);
        Assert.False(json.GetProperty("servable").GetBoolean());
        Assert.Contains("is not a loadable ONNX model", Failure(json).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Replace model.onnx", Failure(json).GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, Failure(json).GetProperty("field").ValueKind);
    }

    [SharedAssetTheory]
    [InlineData(79, "labels")]
    [InlineData(81, "label_id_offset")]
    public void Labels_file_that_does_not_match_the_classes_exits_3_naming_the_field(int lines, string field)
    {
        var labels = string.Join('\n', Enumerable.Range(0, lines).Select(i => $"class{i}"));
        using var dir = TestModels.CopyWith("yolox-nano", ("labels.txt", labels));

        var (exit, json) = Inspector.Json(dir.Path);

        Assert.Equal(InspectCommand.NotServable, exit);
        Assert.Contains($"names {lines} classes but the model scores 80", Failure(json).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(field, Failure(json).GetProperty("field").GetString());
        Assert.Contains(field, Failure(json).GetProperty("fix").GetString(), StringComparison.Ordinal);
        // What the load found before the labels is still reported.
        Assert.Equal("images", json.GetProperty("inputs")[0].GetProperty("name").GetString());
    }

    [SharedAssetFact]
    public void Label_map_naming_fewer_classes_than_the_model_scores_is_servable_with_a_warning()
    {
        // The loader accepts a label_map.pbtxt of any size (its ids are sparse): the missing names are a warning.
        var items = string.Join('\n', Enumerable.Range(0, 79).Select(i => $"item {{ id: {i} name: 'class{i}' }}"));
        using var dir = TestModels.CopyWith("yolox-nano", ("label_map.pbtxt", items));

        var (exit, output) = Inspector.Run(dir.Path);

        Assert.Equal(InspectCommand.Servable, exit);
        Assert.Equal("label_map.pbtxt: 79 names for 80 classes", Inspector.Field(output, "labels"));
        Assert.Contains("name 79 of the 80 classes", Inspector.Field(output, "warnings"), StringComparison.Ordinal);
    }

    [SharedAssetFact]
    public void Manifest_naming_a_family_the_signature_is_not_exits_3_with_every_familys_reason()
    {
        using var dir = TestModels.CopyWith("yolox-nano", (ModelManifest.FileName, """{ "family": "detr" }"""));

        var (exit, json) = Inspector.Json(dir.Path);

        Assert.Equal(InspectCommand.NotServable, exit);
        Assert.Contains("does not have that family's signature", Failure(json).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("family", Failure(json).GetProperty("field").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("family").ValueKind);
        var detr = json.GetProperty("other_families").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "detr");
        Assert.Contains("logits", detr.GetProperty("why_not").GetString(), StringComparison.Ordinal);
        Assert.Equal(["family"], json.GetProperty("manifest_fields").EnumerateArray().Select(f => f.GetString()));
    }

    [SharedAssetFact]
    public void Manifest_task_no_family_of_that_task_recognises_exits_3_naming_task()
    {
        using var dir = TestModels.CopyWith("yolox-nano", (ModelManifest.FileName, """{ "task": "classification" }"""));

        var (exit, output) = Inspector.Run(dir.Path);

        Assert.Equal(InspectCommand.NotServable, exit);
        Assert.Equal("inference.json \"task\"", Inspector.Field(output, "field"));
        Assert.Contains("yolox: it fits, but its task is Detection", output, StringComparison.Ordinal);
    }

    [SharedAssetFact]
    public void Manifest_that_breaks_the_schema_exits_3_naming_the_field_path()
    {
        using var dir = TestModels.CopyWith("yolox-nano", (ModelManifest.FileName, """{ "color_order": "rgb" }"""));

        var (exit, json) = Inspector.Json(dir.Path);

        Assert.Equal(InspectCommand.NotServable, exit);
        Assert.Equal("$.color_order", Failure(json).GetProperty("field").GetString());
        Assert.Contains("$.color_order", Failure(json).GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [SharedAssetFact]
    public void Model_that_fails_its_warm_up_prediction_exits_3_pointing_at_the_input_fields()
    {
        // The service warms the model up before /ping says ready: a 416x416 graph fed the image's own size fails there.
        using var dir = TestModels.CopyWith("yolox-nano", (ModelManifest.FileName, """{ "resize": "original" }"""));

        var (exit, output) = Inspector.Run(dir.Path);

        Assert.Equal(InspectCommand.NotServable, exit);
        Assert.Contains("invalid dimensions", Inspector.Field(output, "reason"), StringComparison.Ordinal);
        Assert.StartsWith("The warm-up prediction failed", Inspector.Field(output, "fix"), StringComparison.Ordinal);
        Assert.All(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches(@"^([a-z.]+ +\S|\s{16,}\S)", line));
    }

    [SharedAssetFact]
    public void Real_process_exits_0_for_a_servable_folder_and_3_for_a_broken_one()
    {
        using var empty = new TempFolder();
        foreach (var (folder, expected) in new[] { (SharedAssets.Model("yolox-nano"), 0), (empty.Path, 3) })
        {
            using var process = ServiceProcess.Start(["inspect", folder], new Dictionary<string, string>());
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "inspect did not exit: " + process.Output);
            Assert.True(expected == process.ExitCode, $"{folder}: exit {process.ExitCode}, expected {expected}: {process.Output}");
            Assert.Contains("servable        " + (expected == 0 ? "yes" : "no"), process.Output, StringComparison.Ordinal);
        }
    }
}
