using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Console;

/// <summary>The console's files and switch, without a browser.</summary>
public sealed class ConsoleSwitchTests
{
    [SharedAssetFact]
    public async Task Console_enabled_false_leaves_the_root_404_and_the_api_served()
    {
        using var server = ServiceHost.Serving("yolox-nano", ("Console:Enabled", "false"));
        using var client = await server.ReadyClientAsync();

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/console/console.js")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/ping")).StatusCode);
    }

    [SharedAssetFact]
    public async Task Console_files_come_from_the_assembly_with_strict_headers_and_revalidate()
    {
        using var server = ServiceHost.Serving("yolox-nano");
        using var client = await server.ReadyClientAsync();

        foreach (var (path, type) in new[] { ("/", "text/html"), ("/console/console.js", "text/javascript"), ("/console/console.css", "text/css") })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            Assert.Equal(System.Net.HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        }

        var page = await client.GetStringAsync("/");
        Assert.DoesNotMatch("<script>|<script [^>]*>[^<]+</script>| on[a-z]+=", page);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/console/nothing.js")).StatusCode);
    }
}
