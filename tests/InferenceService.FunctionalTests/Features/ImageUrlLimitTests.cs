using System.Net;
using System.Text;
using System.Text.Json;
using InferenceService.FunctionalTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace InferenceService.FunctionalTests.Features;

/// <summary>
/// The bounds on image URL fetches (IMAGE_URL_CONCURRENCY, IMAGE_URL_BUDGET_BYTES) against a slow image host on
/// 127.0.0.1 that counts the requests it serves at once.
/// </summary>
public sealed class ImageUrlLimitTests : IAsyncLifetime
{
    // dog.jpg is 163,759 bytes: one fits in this budget, two do not.
    private const string OneImageBudget = "250000";

    private readonly Lock _lock = new();
    private LoopbackOrigin? _origin;
    private string _base = "";
    private int _inFlight;
    private int _mostInFlight;

    public async Task InitializeAsync()
    {
        _origin = await LoopbackOrigin.StartAsync(origin => origin.MapGet("/slow.jpg", async () =>
        {
            lock (_lock)
            {
                _mostInFlight = Math.Max(_mostInFlight, ++_inFlight);
            }

            await Task.Delay(300);
            lock (_lock)
            {
                _inFlight--;
            }

            return Results.File(File.ReadAllBytes(SharedAssets.Image("dog.jpg")), "image/jpeg");
        }));
        _base = _origin.BaseAddress;
    }

    public Task DisposeAsync() => _origin?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [SharedAssetFact]
    public async Task An_instances_request_never_has_more_fetches_in_flight_than_IMAGE_URL_CONCURRENCY()
    {
        var settings = Settings();
        settings["ImageUrls:Concurrency"] = "2";
        var predictions = await PostInstancesAsync(settings, 16);

        Assert.All(predictions, p => Assert.Equal("dog", p.GetProperty("classes")[0].GetString()));
        Assert.InRange(_mostInFlight, 1, 2);
    }

    [SharedAssetFact]
    public async Task Images_beyond_what_the_budget_holds_are_problem_entries_and_the_rest_are_served()
    {
        var settings = Settings();
        settings["Server:MaxBodyBytes"] = OneImageBudget;
        settings["ImageUrls:BudgetBytes"] = OneImageBudget;
        var predictions = await PostInstancesAsync(settings, 4);

        Assert.Single(predictions, p => p.TryGetProperty("classes", out _));
        var refused = predictions.Where(p => p.TryGetProperty("status", out _)).ToList();
        Assert.Equal(3, refused.Count);
        Assert.All(refused, p =>
        {
            Assert.Equal(422, p.GetProperty("status").GetInt32());
            Assert.Contains("IMAGE_URL_BUDGET_BYTES", p.GetProperty("detail").GetString());
        });
    }

    [SharedAssetFact]
    public async Task Requests_beyond_the_budget_wait_their_turn_and_are_then_served()
    {
        var settings = Settings();
        settings["Server:MaxBodyBytes"] = OneImageBudget;
        settings["ImageUrls:BudgetBytes"] = OneImageBudget;
        using var server = new ServiceHost(SharedAssets.Model("yolox-nano"), settings);
        using var client = await server.ReadyClientAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            client.PostAsync("/invocations", Json($$"""{"url": "{{_base}}/slow.jpg"}"""))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, _mostInFlight);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["ImageUrls:Mode"] = "public",
        ["ImageUrls:AllowHttp"] = "true",
        ["ImageUrls:AllowLoopback"] = "true",
    };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<List<JsonElement>> PostInstancesAsync(Dictionary<string, string?> settings, int count)
    {
        using var server = new ServiceHost(SharedAssets.Model("yolox-nano"), settings);
        using var client = await server.ReadyClientAsync();
        var instances = string.Join(", ", Enumerable.Repeat($$"""{"url": "{{_base}}/slow.jpg"}""", count));
        using var response = await client.PostAsync("/invocations", Json($$"""{"instances": [{{instances}}]}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.Clone()).ToList();
    }
}
