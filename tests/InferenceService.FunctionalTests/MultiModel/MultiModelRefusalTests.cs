using System.Net;
using InferenceService.FunctionalTests.Support;
using Serilog.Core;
using Serilog.Events;

namespace InferenceService.FunctionalTests.MultiModel;

/// <summary>What POST /models refuses, and that a refused or failed load leaves the process serving.</summary>
public sealed class MultiModelRefusalTests
{
    [SharedAssetFact]
    public async Task Ping_answers_200_with_no_model_loaded_and_invocations_is_not_served()
    {
        await using var service = new MultiModelHost();
        using var ping = await service.Client.GetAsync("/ping");
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Equal("""{"models":[],"nextPageToken":null}""", await service.Client.GetStringAsync("/models"));
        using var invocations = await service.Client.PostAsync("/invocations", new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.NotFound, invocations.StatusCode);
    }

    [SharedAssetTheory]
    [InlineData("yolox-nano")]
    [InlineData("{root}/../outside")]
    [InlineData("{root}/yolox-nano/../../outside")]
    [InlineData("{root}/escape")]
    [InlineData("{root}")]
    [InlineData("/proc/self")]
    [InlineData("/etc")]
    [InlineData("http://example.com/model.tar.gz")]
    [InlineData("s3://bucket/model.tar.gz")]
    [InlineData("")]
    public async Task A_url_that_is_not_a_folder_under_the_root_is_refused(string url)
    {
        await using var service = new MultiModelHost();
        using var response = await service.LoadAsync("refused", url.Replace("{root}", service.Root.Path, StringComparison.Ordinal));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-model-url");
        await ProblemAssert.IsProblemAsync(await service.Client.GetAsync("/models/refused"), HttpStatusCode.NotFound, "model-not-found");
    }

    [SharedAssetTheory]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("..")]
    public async Task A_name_outside_the_allowed_pattern_is_refused(string name)
    {
        await using var service = new MultiModelHost();
        using var response = await service.LoadAsync(name, service.Root.Folder("yolox-nano"));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-model-name");
    }

    [SharedAssetFact]
    public async Task A_name_of_129_characters_is_refused_and_one_of_128_is_taken()
    {
        await using var service = new MultiModelHost();
        await ProblemAssert.IsProblemAsync(await service.LoadAsync(new string('a', 129), service.Root.Folder("yolox-nano")), HttpStatusCode.BadRequest, "invalid-model-name");
        await service.LoadOkAsync(new string('a', 128), "yolox-nano");
    }

    [SharedAssetFact]
    public async Task Malformed_management_requests_are_4xx_problems()
    {
        await using var service = new MultiModelHost();
        using var notJson = await service.Client.PostAsync("/models", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("application/problem+json", notJson.Content.Headers.ContentType?.MediaType);
        using var empty = await service.Client.PostAsync("/models", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(empty, HttpStatusCode.BadRequest, "invalid-model-name");
        using var noUrl = await service.Client.PostAsync("/models", new StringContent("""{"model_name": "a"}""", System.Text.Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(noUrl, HttpStatusCode.BadRequest, "invalid-model-url");
        await ProblemAssert.IsProblemAsync(await service.Client.GetAsync("/models?max_results=0"), HttpStatusCode.BadRequest, "invalid-option");
        await ProblemAssert.IsProblemAsync(await service.Client.GetAsync("/models?max_results=x"), HttpStatusCode.BadRequest, "invalid-option");
    }

    [SharedAssetFact]
    public async Task A_folder_that_does_not_exist_is_404()
    {
        await using var service = new MultiModelHost();
        await ProblemAssert.IsProblemAsync(await service.LoadAsync("missing", service.Root.Folder("missing")), HttpStatusCode.NotFound, "model-folder-not-found");
    }

    [SharedAssetFact]
    public async Task A_model_that_cannot_be_served_is_400_with_the_reason_and_the_others_keep_serving()
    {
        await using var service = new MultiModelHost();
        await service.LoadOkAsync("good", "yolox-nano");
        var detail = await ProblemAssert.IsProblemAsync(await service.LoadAsync("broken", service.Root.Folder("broken")), HttpStatusCode.BadRequest, "model-unservable");
        Assert.Contains("not a loadable ONNX model", detail, StringComparison.Ordinal);
        using var invoke = await service.InvokeAsync("good");
        Assert.Equal(HttpStatusCode.OK, invoke.StatusCode);
        await ProblemAssert.IsProblemAsync(await service.InvokeAsync("broken"), HttpStatusCode.NotFound, "model-not-found");
    }

    [SharedAssetFact]
    public async Task A_load_that_never_finishes_is_refused_after_the_load_timeout_and_frees_its_name()
    {
        await using var service = new MultiModelHost(("Inference:LoadTimeoutSeconds", "1"));
        var fifo = Directory.CreateDirectory(service.Root.Folder("fifo")).FullName;
        Fifo.Create(Path.Combine(fifo, "model.onnx"));
        try
        {
            var detail = await ProblemAssert.IsProblemAsync(await service.LoadAsync("stuck", fifo), HttpStatusCode.BadRequest, "model-unservable");
            Assert.Contains("MODEL_LOAD_TIMEOUT_SECONDS", detail, StringComparison.Ordinal);
            await service.LoadOkAsync("stuck", "yolox-nano");
        }
        finally
        {
            await Fifo.ReleaseReaderAsync(Path.Combine(fifo, "model.onnx"));
        }
    }

    [SharedAssetFact]
    public async Task A_load_over_the_memory_budget_is_507_and_leaves_nothing_loaded()
    {
        await using var service = new MultiModelHost(("MultiModel:MemoryBudgetMB", "1"));
        var detail = await ProblemAssert.IsProblemAsync(await service.LoadAsync("big", service.Root.Folder("yolox-nano")), HttpStatusCode.InsufficientStorage, "insufficient-memory");
        Assert.Contains("MODEL_MEMORY_BUDGET_MB", detail, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await service.Client.GetAsync("/models/big"), HttpStatusCode.NotFound, "model-not-found");
    }

    [SharedAssetFact]
    public async Task The_target_model_sagemaker_names_is_logged_with_the_request()
    {
        var log = new CapturedLog();
        await using var service = new MultiModelHost(s => s.AddSingleton<ILogEventSink>(log));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/models/absent/invoke") { Content = new ByteArrayContent([1]) };
        request.Headers.Add("X-Amzn-SageMaker-Target-Model", "absent.tar.gz");
        using var response = await service.Client.SendAsync(request);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "model-not-found");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!log.Events.Any(e => e.Properties.ContainsKey("TargetModel")) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var line = Assert.Single(log.Events, e => e.Properties.ContainsKey("TargetModel"));
        Assert.Equal("\"absent.tar.gz\"", line.Properties["TargetModel"].ToString());
        Assert.Equal("/models/absent/invoke", ((ScalarValue)line.Properties["RequestPath"]).Value);
    }
}
