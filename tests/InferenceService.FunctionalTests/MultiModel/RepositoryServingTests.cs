using System.Net;
using System.Text.Json;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.MultiModel;

/// <summary>A repository of every shared model plus folders that cannot be served, loaded at start in one process.</summary>
public sealed class RepositoryServingTests(WholeRepository fixture) : IClassFixture<WholeRepository>
{
    private RepositoryHost Service => fixture.Service;

    [SharedAssetFact]
    public async Task Every_shared_model_answers_its_photo_under_its_folder_name()
    {
        foreach (var model in MultiModelRoot.SharedModels)
        {
            using var response = await Service.PostPhotoAsync($"/models/{model}/invoke");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{model}: {body}");
            SharedModelAnswer.AssertMatches(model, body);
        }
    }

    [SharedAssetFact]
    public async Task Every_folder_is_listed_with_its_state_and_a_failed_one_with_its_reason()
    {
        using var json = JsonDocument.Parse(await Service.Client.GetStringAsync("/models?max_results=1000"));
        var entries = json.RootElement.GetProperty("models").EnumerateArray()
            .ToDictionary(e => e.GetProperty("modelName").GetString()!, e => e);
        Assert.Equal(MultiModelRoot.SharedModels.Concat(["broken", "escape"]).Order(StringComparer.Ordinal), entries.Keys);
        Assert.All(MultiModelRoot.SharedModels, m => Assert.Equal("ready", entries[m].GetProperty("state").GetString()));
        Assert.Equal("failed", entries["broken"].GetProperty("state").GetString());
        Assert.Contains("not a loadable ONNX model", entries["broken"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", entries["escape"].GetProperty("state").GetString());
        Assert.Contains("outside", entries["escape"].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("MODEL_REPOSITORY", entries["escape"].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [SharedAssetFact]
    public async Task A_failed_folder_answers_503_model_failed_and_is_described_while_the_others_serve()
    {
        var detail = await ProblemAssert.IsProblemAsync(await Service.PostPhotoAsync("/models/broken/invoke"), HttpStatusCode.ServiceUnavailable, "model-failed");
        Assert.Contains("not a loadable ONNX model", detail, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await Service.PostPhotoAsync("/invocations?model=escape"), HttpStatusCode.ServiceUnavailable, "model-failed");
        using var described = JsonDocument.Parse(await Service.Client.GetStringAsync("/models/broken"));
        Assert.Equal("failed", described.RootElement.GetProperty("state").GetString());
        Assert.Equal(Service.Root.Folder("broken"), described.RootElement.GetProperty("modelUrl").GetString());
        using var ping = await Service.Client.GetAsync("/ping");
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Equal("yolox-nano", await Service.AnsweringModelAsync("/models/yolox-nano/invoke"));
    }

    [SharedAssetFact]
    public async Task A_folder_whose_name_is_not_a_model_name_is_skipped()
    {
        Assert.True(Directory.Exists(Service.Root.Folder(WholeRepository.InvalidName)));
        var list = await Service.Client.GetStringAsync("/models?max_results=1000");
        Assert.DoesNotContain(WholeRepository.InvalidName, list, StringComparison.Ordinal);
    }

    [SharedAssetFact]
    public async Task Invocations_go_to_the_model_the_query_or_sagemakers_header_names()
    {
        Assert.Equal("mobilenetv2-softmax", await Service.AnsweringModelAsync("/invocations?model=mobilenetv2-softmax"));
        Assert.Equal("yolox-nano-tfod", await Service.AnsweringModelAsync("/invocations", targetModel: "yolox-nano-tfod"));
        // The query is the caller's own choice, so it wins over a header a gateway may have added.
        Assert.Equal("yolox-nano", await Service.AnsweringModelAsync("/invocations?model=yolox-nano", targetModel: "yolox-nano-tfod"));
    }

    [SharedAssetFact]
    public async Task Invocations_naming_no_model_among_several_is_400_and_an_unknown_name_404()
    {
        var detail = await ProblemAssert.IsProblemAsync(await Service.PostPhotoAsync("/invocations"), HttpStatusCode.BadRequest, "model-not-chosen");
        Assert.DoesNotContain("yolox", detail, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await Service.PostPhotoAsync("/invocations?model=absent"), HttpStatusCode.NotFound, "model-not-found");
        await ProblemAssert.IsProblemAsync(await Service.PostPhotoAsync("/invocations", targetModel: "absent"), HttpStatusCode.NotFound, "model-not-found");
        await ProblemAssert.IsProblemAsync(await Service.PostPhotoAsync("/models/absent/invoke"), HttpStatusCode.NotFound, "model-not-found");
        await ProblemAssert.IsProblemAsync(await Service.Client.GetAsync("/models/absent"), HttpStatusCode.NotFound, "model-not-found");
    }

    [SharedAssetFact]
    public async Task Management_is_off_by_default_in_repository_mode()
    {
        using var load = await Service.Client.PostAsync("/models", new StringContent(
            $$"""{"model_name": "extra", "url": "{{Service.Root.Folder("yolox-nano")}}"}""", System.Text.Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(load, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        await ProblemAssert.IsProblemAsync(await Service.Client.DeleteAsync("/models/yolox-nano"), HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Equal("yolox-nano", await Service.AnsweringModelAsync("/models/yolox-nano/invoke"));
    }

    [SharedAssetFact]
    public async Task The_console_offers_its_model_picker()
    {
        using var json = JsonDocument.Parse(await Service.Client.GetStringAsync("/console/settings"));
        Assert.True(json.RootElement.GetProperty("multi_model").GetBoolean());
    }

    [SharedAssetFact]
    public async Task Inference_metrics_carry_the_repository_model_they_ran()
    {
        Assert.Equal("yolox-nano-e2e", await Service.AnsweringModelAsync("/invocations?model=yolox-nano-e2e"));
        var metrics = await Service.Client.GetStringAsync("/metrics");
        Assert.Contains("inference_stage_duration_seconds_count{model=\"yolox-nano-e2e\",stage=\"inference\"}", metrics);
    }
}
