using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using InferenceService.FunctionalTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace InferenceService.FunctionalTests.Features;

/// <summary>
/// Image URLs against a real HTTP server on 127.0.0.1. Loopback is allowed only in the configuration of the
/// tests that must reach that server; every other test shows a refusal.
/// </summary>
public sealed class ImageUrlTests(ImageUrlTests.LoopbackAllowed withLoopback, ImageUrlTests.PublicOnly publicOnly)
    : IClassFixture<ImageUrlTests.LoopbackAllowed>, IClassFixture<ImageUrlTests.PublicOnly>, IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _hits = new();
    private LoopbackOrigin? _origin;
    private string _base = "";

    public async Task InitializeAsync()
    {
        _origin = await LoopbackOrigin.StartAsync(origin =>
        {
            origin.Use(async (context, next) =>
            {
                _hits.AddOrUpdate(context.Request.Path.Value!, 1, (_, n) => n + 1);
                await next(context);
            });
            origin.MapGet("/dog.jpg", () => Results.File(File.ReadAllBytes(SharedAssets.Image("dog.jpg")), "image/jpeg"));
            origin.MapGet("/page.html", () => Results.Text("<html></html>", "text/html"));
            origin.MapGet("/huge.jpg", () => Results.File(new byte[7 * 1024 * 1024], "image/jpeg"));
            origin.MapGet("/missing.jpg", () => Results.NotFound());
            origin.MapGet("/flaky.jpg", (HttpContext c) => _hits[c.Request.Path.Value!] == 1
                ? Results.StatusCode(503)
                : Results.File(File.ReadAllBytes(SharedAssets.Image("dog.jpg")), "image/jpeg"));
            origin.MapGet("/to-private", () => Results.Redirect("http://192.168.1.20/dog.jpg"));
            origin.MapGet("/hop/{n:int}", (int n) => Results.Redirect(n == 0 ? "/dog.jpg" : $"/hop/{n - 1}"));
        });
        _base = _origin.BaseAddress;
    }

    public Task DisposeAsync() => _origin?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [SharedAssetFact]
    public async Task Urls_are_off_by_default_and_the_400_says_how_to_enable_them()
    {
        var (status, body) = await PostAsync(Settings(loopback: true, mode: null), $"{_base}/dog.jpg");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("image-urls-disabled", body);
        Assert.Contains("IMAGE_URLS=public", body);
    }

    [SharedAssetFact]
    public async Task A_public_url_is_fetched_and_answers_like_the_uploaded_image()
    {
        var client = withLoopback.Client;
        using var byUrl = await client.PostAsync("/invocations", Json($$"""{"url": "{{_base}}/dog.jpg"}"""));
        using var byUpload = await client.PostAsync("/invocations", Json($$"""{"image": "{{Convert.ToBase64String(File.ReadAllBytes(SharedAssets.Image("dog.jpg")))}}"}"""));

        Assert.Equal(HttpStatusCode.OK, byUrl.StatusCode);
        Assert.Equal(await byUpload.Content.ReadAsStringAsync(), await byUrl.Content.ReadAsStringAsync());
    }

    [SharedAssetFact]
    public async Task A_url_inside_instances_is_fetched_and_a_refused_one_is_a_problem_entry()
    {
        var client = withLoopback.Client;
        using var response = await client.PostAsync("/invocations", Json($$"""{"instances": [{"url": "{{_base}}/dog.jpg"}, {"url": "http://10.0.0.7/x.jpg"}]}"""));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var predictions = json.RootElement.GetProperty("predictions");

        Assert.Equal("dog", predictions[0].GetProperty("classes")[0].GetString());
        Assert.Equal(422, predictions[1].GetProperty("status").GetInt32());
        Assert.Contains("private", predictions[1].GetProperty("detail").GetString());
    }

    [SharedAssetTheory]
    [InlineData("loopback", "loopback")]
    [InlineData("http://10.1.2.3/a.jpg", "private")]
    [InlineData("http://172.20.0.1/a.jpg", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/", "link-local")]
    [InlineData("http://100.64.0.1/a.jpg", "carrier-grade NAT")]
    [InlineData("http://[fd00::1]/a.jpg", "unique local")]
    [InlineData("http://[fe80::1]/a.jpg", "link-local")]
    [InlineData("http://0.0.0.0/a.jpg", "unspecified")]
    [InlineData("http://224.0.0.1/a.jpg", "multicast")]
    [InlineData("http://192.0.2.10/a.jpg", "RFC 5737")]
    [InlineData("http://[64:ff9b:1::a00:1]/a.jpg", "local-use NAT64")]
    [InlineData("http://[2002:a00:1::1]/a.jpg", "6to4")]
    public async Task Non_public_addresses_are_refused_with_422(string url, string reason)
    {
        var (status, body) = await PostAsync(publicOnly.Client, url == "loopback" ? $"{_base}/dog.jpg" : url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(reason, body);
        Assert.False(_hits.ContainsKey("/dog.jpg"));
    }

    [SharedAssetFact]
    public async Task A_loopback_host_name_is_refused_after_resolution()
    {
        var port = new Uri(_base).Port;
        var (status, body) = await PostAsync(publicOnly.Client, $"http://localhost:{port}/dog.jpg");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("loopback", body);
        Assert.False(_hits.ContainsKey("/dog.jpg"));
    }

    [SharedAssetFact]
    public async Task Http_is_refused_when_only_https_is_allowed()
    {
        var settings = Settings(loopback: true);
        settings["ImageUrls:AllowHttp"] = "false";
        var (status, body) = await PostAsync(settings, $"{_base}/dog.jpg");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("only https", body);
    }

    [SharedAssetFact]
    public async Task A_host_outside_the_allowlist_is_refused()
    {
        var settings = Settings(loopback: true, mode: "allowlist");
        settings["ImageUrls:AllowedHosts"] = "images.example.com";
        var (status, body) = await PostAsync(settings, $"{_base}/dog.jpg");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("IMAGE_URL_ALLOWLIST", body);
    }

    /// <summary>A redirect to a private address, a body over the limit, a page that is not an image: 422 naming why.</summary>
    [SharedAssetTheory]
    [InlineData("/to-private", "192.168.1.20")]
    [InlineData("/huge.jpg", "limit")]
    [InlineData("/page.html", "text/html, not an image")]
    public async Task A_url_whose_answer_cannot_be_served_is_refused_naming_why(string path, string reason)
    {
        var (status, body) = await PostAsync(withLoopback.Client, _base + path);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(reason, body);
    }

    [SharedAssetFact]
    public async Task Three_redirects_are_followed_and_a_fourth_is_refused()
    {
        var client = withLoopback.Client;
        using var three = await client.PostAsync("/invocations", Json($$"""{"url": "{{_base}}/hop/2"}"""));
        using var four = await client.PostAsync("/invocations", Json($$"""{"url": "{{_base}}/hop/3"}"""));

        Assert.Equal(HttpStatusCode.OK, three.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, four.StatusCode);
        Assert.Contains("redirected more than 3 times", await four.Content.ReadAsStringAsync());
    }

    [SharedAssetFact]
    public async Task A_4xx_is_not_retried()
    {
        var (status, body) = await PostAsync(withLoopback.Client, $"{_base}/missing.jpg");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("404", body);
        Assert.Equal(1, _hits["/missing.jpg"]);
    }

    [SharedAssetFact]
    public async Task A_5xx_is_retried()
    {
        var (status, _) = await PostAsync(withLoopback.Client, $"{_base}/flaky.jpg");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, _hits["/flaky.jpg"]);
    }

    private static Dictionary<string, string?> Settings(bool loopback, string? mode = "public") => new()
    {
        ["ImageUrls:Mode"] = mode ?? "off",
        ["ImageUrls:AllowHttp"] = "true",
        ["ImageUrls:AllowLoopback"] = loopback ? "true" : "false",
        ["ImageUrls:RetryDelaySeconds"] = "0.01",
    };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(Dictionary<string, string?> settings, string url)
    {
        using var server = new ServiceHost(SharedAssets.Model("yolox-nano"), settings);
        using var client = await server.ReadyClientAsync();
        return await PostAsync(client, url);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string url)
    {
        using var response = await client.PostAsync("/invocations", Json($$"""{"url": "{{url}}"}"""));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The host of the tests that fetch from the loopback origin.</summary>
    public sealed class LoopbackAllowed() : ModelHost(() => new ServiceHost(SharedAssets.Model("yolox-nano"), Settings(loopback: true)));

    /// <summary>The host of the tests that show loopback and other non-public addresses refused.</summary>
    public sealed class PublicOnly() : ModelHost(() => new ServiceHost(SharedAssets.Model("yolox-nano"), Settings(loopback: false)));
}
