using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.MultiModel;

/// <summary>Small repositories, one host each: the default model, start-up refusals, management and empty or unservable repositories.</summary>
public sealed class RepositoryModeTests
{
    private const string Token = "s3cret-management-token";

    [SharedAssetFact]
    public async Task Invocations_go_to_DEFAULT_MODEL_among_several()
    {
        await using var service = new RepositoryHost(new MultiModelRoot(["yolox-nano", "mobilenetv2-softmax"]), ("Repository:DefaultModel", "mobilenetv2-softmax"));
        await service.ReadyAsync();
        Assert.Equal("mobilenetv2-softmax", await service.AnsweringModelAsync("/invocations"));
        Assert.Equal("yolox-nano", await service.AnsweringModelAsync("/invocations?model=yolox-nano"));
    }

    [SharedAssetFact]
    public async Task Invocations_go_to_the_only_model()
    {
        await using var service = new RepositoryHost(new MultiModelRoot(["yolox-nano"]));
        await service.ReadyAsync();
        Assert.Equal("yolox-nano", await service.AnsweringModelAsync("/invocations"));
    }

    [Theory]
    [InlineData("Repository:Management", "true", "MANAGEMENT_TOKEN")]
    [InlineData("MultiModel:Enabled", "true", "exclude each other")]
    public void A_repository_with_management_but_no_token_or_with_multi_model_stops_the_service_at_start(string key, string value, string reason)
    {
        using var root = new TempFolder();
        using var server = ServiceHost.WithoutModel(("Repository:Root", root.Path), (key, value));
        var error = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Management_without_a_token_set_by_environment_exits_non_zero_naming_the_variable()
    {
        using var root = new TempFolder();
        using var service = ServiceProcess.StartServing("/nonexistent-model", ("MODEL_REPOSITORY", root.Path), ("MODEL_MANAGEMENT", "true"));
        Assert.True(service.WaitForExit(TimeSpan.FromSeconds(60)), "the service started with management on and no token");
        Assert.NotEqual(0, service.ExitCode);
        Assert.Contains("MANAGEMENT_TOKEN", service.Output, StringComparison.Ordinal);
    }

    [SharedAssetFact]
    public async Task Management_needs_the_bearer_token_and_then_loads_and_unloads()
    {
        await using var service = new RepositoryHost(new MultiModelRoot(["yolox-nano"]), ("Repository:Management", "true"), ("Repository:ManagementToken", Token));
        await service.ReadyAsync();
        var body = new Dictionary<string, string> { ["model_name"] = "second", ["url"] = service.Root.Folder("yolox-nano") };
        foreach (var header in new[] { null, "Bearer wrong-token", "Bearer " + Token + "x", "Basic " + Token })
        {
            using var refused = new HttpRequestMessage(HttpMethod.Post, "/models") { Content = JsonContent.Create(body) };
            if (header is not null)
            {
                refused.Headers.TryAddWithoutValidation("Authorization", header);
            }

            using var answer = await service.Client.SendAsync(refused);
            await ProblemAssert.IsProblemAsync(answer, HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Equal("Bearer", answer.Headers.WwwAuthenticate.Single().Scheme);
        }

        await ProblemAssert.IsProblemAsync(await service.Client.DeleteAsync("/models/yolox-nano"), HttpStatusCode.Unauthorized, "unauthorized");
        // Checked before the body is read: a malformed body without the token is 401 too, not 400.
        using (var malformed = await service.Client.PostAsync("/models", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")))
        {
            await ProblemAssert.IsProblemAsync(malformed, HttpStatusCode.Unauthorized, "unauthorized");
        }

        service.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using (var load = await service.Client.PostAsJsonAsync("/models", body))
        {
            Assert.True(load.StatusCode == HttpStatusCode.OK, await load.Content.ReadAsStringAsync());
        }

        Assert.Equal("second", await service.AnsweringModelAsync("/invocations?model=second"));
        using var unload = await service.Client.DeleteAsync("/models/second");
        Assert.Equal(HttpStatusCode.OK, unload.StatusCode);
        await ProblemAssert.IsProblemAsync(await service.PostPhotoAsync("/invocations?model=second"), HttpStatusCode.NotFound, "model-not-found");
    }

    [SharedAssetFact]
    public async Task A_load_over_the_memory_budget_is_failed_with_the_reason_and_ping_says_why()
    {
        await using var service = new RepositoryHost(new MultiModelRoot(["yolox-nano"]), ("MultiModel:MemoryBudgetMB", "1"));
        using var ping = await service.SettledPingAsync();
        var detail = await ProblemAssert.IsProblemAsync(ping, HttpStatusCode.ServiceUnavailable, "model-failed");
        Assert.Contains("MODEL_MEMORY_BUDGET_MB", detail, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await service.PostPhotoAsync("/invocations"), HttpStatusCode.ServiceUnavailable, "model-failed");
    }

    [SharedAssetFact]
    public async Task An_empty_repository_is_not_ready_and_says_so()
    {
        await using var service = new RepositoryHost(new MultiModelRoot([]));
        using var ping = await service.SettledPingAsync();
        var detail = await ProblemAssert.IsProblemAsync(ping, HttpStatusCode.ServiceUnavailable, "model-failed");
        Assert.Contains("no model folder", detail, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await service.PostPhotoAsync("/invocations"), HttpStatusCode.BadRequest, "model-not-chosen");
    }

    [Fact]
    public async Task A_repository_folder_that_does_not_exist_is_not_ready_and_says_so()
    {
        using var parent = new TempFolder();
        var missing = Path.Combine(parent.Path, "absent");
        await using var host = ServiceHost.WithoutModel(("Repository:Root", missing));
        using var client = host.CreateClient();
        using var ping = await host.WaitUntilSettledAsync(client);
        var detail = await ProblemAssert.IsProblemAsync(ping, HttpStatusCode.ServiceUnavailable, "model-failed");
        Assert.Contains(missing, detail, StringComparison.Ordinal);
    }

    [SharedAssetFact]
    public async Task Single_model_mode_stays_the_default_and_serves_MODEL_DIR()
    {
        using var host = ServiceHost.Serving("yolox-nano");
        using var client = await host.ReadyClientAsync();
        using var models = await client.GetAsync("/models");
        Assert.Equal(HttpStatusCode.NotFound, models.StatusCode);
    }
}
