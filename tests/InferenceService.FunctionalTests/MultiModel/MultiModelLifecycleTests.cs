using System.Net;
using System.Text.Json;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.MultiModel;

/// <summary>Every shared model loaded into one multi-model process through POST /models, then listed, described and invoked.</summary>
public sealed class MultiModelLifecycleTests(AllModelsLoaded fixture) : IClassFixture<AllModelsLoaded>
{
    private MultiModelHost Service => fixture.Service;

    [SharedAssetFact]
    public async Task Every_shared_model_answers_its_photo_as_in_single_model_mode()
    {
        foreach (var model in MultiModelRoot.SharedModels)
        {
            using var response = await Service.InvokeAsync(model);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{model}: {body}");
            SharedModelAnswer.AssertMatches(model, body);
        }
    }

    [SharedAssetFact]
    public async Task Listing_pages_through_every_loaded_model_in_name_order()
    {
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = token is null ? "/models?max_results=5" : $"/models?max_results=5&next_page_token={Uri.EscapeDataString(token)}";
            using var json = JsonDocument.Parse(await Service.Client.GetStringAsync(query));
            var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
            Assert.InRange(models.Count, 1, 5);
            foreach (var entry in models)
            {
                var name = entry.GetProperty("modelName").GetString()!;
                Assert.Equal(Service.Root.Folder(name), entry.GetProperty("modelUrl").GetString());
                names.Add(name);
            }

            token = json.RootElement.GetProperty("nextPageToken").GetString();
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(MultiModelRoot.SharedModels, names);
        Assert.Equal((MultiModelRoot.SharedModels.Count + 4) / 5, pages);
    }

    [SharedAssetFact]
    public async Task Describing_a_model_gives_its_url_what_get_model_says_and_its_measured_memory()
    {
        using var response = await Service.Client.GetAsync("/models/yolox-nano");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("yolox-nano", root.GetProperty("modelName").GetString());
        Assert.Equal(Service.Root.Folder("yolox-nano"), root.GetProperty("modelUrl").GetString());
        Assert.Equal("yolox", root.GetProperty("family").GetString());
        Assert.Equal("detection", root.GetProperty("task").GetString());
        Assert.Equal("CPUExecutionProvider", root.GetProperty("execution_provider").GetString());
        Assert.True(root.GetProperty("load_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("memory_bytes").GetInt64() >= new FileInfo(SharedAssets.Model("yolox-nano") + "/model.onnx").Length);
    }

    [SharedAssetFact]
    public async Task A_model_not_loaded_is_404_everywhere()
    {
        await ProblemAssert.IsProblemAsync(await Service.Client.GetAsync("/models/not-loaded"), HttpStatusCode.NotFound, "model-not-found");
        await ProblemAssert.IsProblemAsync(await Service.Client.DeleteAsync("/models/not-loaded"), HttpStatusCode.NotFound, "model-not-found");
        await ProblemAssert.IsProblemAsync(await Service.InvokeAsync("not-loaded"), HttpStatusCode.NotFound, "model-not-found");
    }

    [SharedAssetFact]
    public async Task Loading_a_name_already_loaded_is_409()
    {
        using var again = await Service.LoadAsync("yolox-nano", Service.Root.Folder("yolox-nano-tfod"));
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict, "model-exists");
        using var json = JsonDocument.Parse(await Service.Client.GetStringAsync("/models/yolox-nano"));
        Assert.Equal(Service.Root.Folder("yolox-nano"), json.RootElement.GetProperty("modelUrl").GetString());
    }

    [SharedAssetFact]
    public async Task Invoke_takes_what_invocations_takes()
    {
        var content = new ByteArrayContent(File.ReadAllBytes(SharedAssets.Image("dog.jpg")));
        content.Headers.ContentType = new("image/jpeg");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/models/yolox-nano/invoke") { Content = content };
        request.Headers.Accept.ParseAdd("image/png");
        using var annotated = await Service.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, annotated.StatusCode);
        Assert.Equal("image/png", annotated.Content.Headers.ContentType?.MediaType);

        var base64 = Convert.ToBase64String(File.ReadAllBytes(SharedAssets.Image("dog.jpg")));
        using var batch = await Service.Client.PostAsync(
            "/models/mobilenetv2-softmax/invoke?format=sagemaker",
            new StringContent($$"""{"instances": [{"image": "{{base64}}"}, {"image": "{{base64}}"}]}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await batch.Content.ReadAsStringAsync();
        Assert.True(batch.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("prediction", body, StringComparison.Ordinal);
    }

    [SharedAssetFact]
    public async Task Inference_metrics_carry_the_model_they_ran()
    {
        foreach (var model in new[] { "yolox-nano", "mobilenetv2-softmax" })
        {
            using var response = await Service.InvokeAsync(model);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var metrics = await Service.Client.GetStringAsync("/metrics");
        Assert.Contains("inference_stage_duration_seconds_count{model=\"yolox-nano\",stage=\"inference\"}", metrics);
        Assert.Contains("inference_batch_size_count{model=\"mobilenetv2-softmax\"}", metrics);
    }

    [SharedAssetFact]
    public async Task An_unloaded_model_answers_404_and_its_name_can_be_loaded_again()
    {
        await Service.LoadOkAsync("unload-me", "yolox-nano");
        using (var before = await Service.InvokeAsync("unload-me"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            // Named as loaded, not after its folder: SageMaker unpacks every model into a folder named alike.
            using var json = JsonDocument.Parse(await before.Content.ReadAsStringAsync());
            Assert.Equal("unload-me", json.RootElement.GetProperty("model").GetString());
        }

        using (var unload = await Service.Client.DeleteAsync("/models/unload-me"))
        {
            Assert.Equal(HttpStatusCode.OK, unload.StatusCode);
        }

        await ProblemAssert.IsProblemAsync(await Service.InvokeAsync("unload-me"), HttpStatusCode.NotFound, "model-not-found");
        await ProblemAssert.IsProblemAsync(await Service.Client.GetAsync("/models/unload-me"), HttpStatusCode.NotFound, "model-not-found");
        await Service.LoadOkAsync("unload-me", "yolox-nano-tfod");
        using var unloadAgain = await Service.Client.DeleteAsync("/models/unload-me");
        Assert.Equal(HttpStatusCode.OK, unloadAgain.StatusCode);
    }
}
