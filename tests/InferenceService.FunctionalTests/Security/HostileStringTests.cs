using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using InferenceService.Hosting;
using InferenceService.FunctionalTests.Support;
using Serilog.Events;

namespace InferenceService.FunctionalTests.Security;

/// <summary>
/// Strings no parser should choke on: lone surrogate escapes and invalid UTF-8 in JSON, control characters and
/// non-ASCII text in request options, and CR/LF in a request path that would forge a log line.
/// </summary>
public sealed class HostileStringTests(ServedModelFixture served) : IClassFixture<ServedModelFixture>
{
    private static readonly string Image = Convert.ToBase64String(TestImages.Jpeg());

    private static byte[] Bytes(string json, byte[]? insert = null)
    {
        var text = Encoding.UTF8.GetBytes(json);
        return insert is null ? text : [.. text.AsSpan(0, json.IndexOf('@')), .. insert, .. text.AsSpan(json.IndexOf('@') + 1)];
    }

    private Task<HttpResponseMessage> PostAsync(byte[] body, string contentType = "application/json", string query = "")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return served.Client.PostAsync("/invocations" + query, content);
    }

    /// <remarks>
    /// Built when the test runs, not at discovery: encoding the JPEG needs Skia, and the emulated-CPU run in .ci/run
    /// (qemu) crashes in Skia's encoder, which only that run's discovery would reach.
    /// </remarks>
    public static TheoryData<string, byte[]> BadStrings() => new()
    {
        { "lone surrogate in image", Bytes("{\"image\": \"\\ud800" + Image + "\"}") },
        { "lone low surrogate in image", Bytes("{\"image\": \"" + Image + "\\udc00\"}") },
        { "lone surrogate in url", Bytes("{\"url\": \"https://example.com/\\ud800.jpg\"}") },
        { "invalid UTF-8 byte in image", Bytes("{\"image\": \"" + Image[..8] + "@" + Image[8..] + "\"}", [0xFF]) },
        { "invalid UTF-8 byte in url", Bytes("{\"url\": \"https://example.com/@.jpg\"}", [0xC3]) },
        { "invalid UTF-8 byte in a skipped value", Bytes("{\"note\": \"@\", \"image\": \"" + Image + "\"}", [0x80]) },
        { "invalid UTF-8 byte in instances", Bytes("{\"instances\": [{\"image\": \"" + Image + "\"}, {\"image\": \"@\"}]}", [0xFE]) },
    };

    [SharedAssetTheory]
    [MemberData(nameof(BadStrings), DisableDiscoveryEnumeration = true)]
    public async Task Undecodable_JSON_strings_are_400_invalid_json(string name, byte[] body)
    {
        var response = await PostAsync(body);
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-json");
        Assert.False(string.IsNullOrWhiteSpace(detail), name);
    }

    [SharedAssetFact]
    public async Task Lone_surrogate_in_one_instance_is_that_entrys_invalid_json_problem_and_the_others_are_served()
    {
        var response = await PostAsync(Bytes("{\"instances\": [{\"image\": \"" + Image + "\"}, {\"image\": \"\\ud800\"}, {\"url\": \"\\udfff\"}]}"));

        var predictions = await PredictionsAsync(response);
        Assert.True(predictions[0].TryGetProperty("width", out _), predictions[0].ToString());
        AssertInvalidJson(predictions[1]);
        AssertInvalidJson(predictions[2]);
    }

    [SharedAssetFact]
    public async Task Lone_surrogate_or_invalid_UTF8_in_a_JSON_Lines_record_is_that_lines_invalid_json_problem()
    {
        var lines = Bytes("{\"image\": \"" + Image + "\"}\n{\"image\": \"\\ud800\"}\n{\"url\": \"\\ud800\"}\n{\"image\": \"@\"}\n", [0xFF]);
        var response = await PostAsync(lines, "application/jsonlines");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var records = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.Equal(4, records.Length);
        Assert.True(records[0].TryGetProperty("width", out _), records[0].ToString());
        Assert.All(records[1..], AssertInvalidJson);
    }

    [SharedAssetTheory]
    [InlineData("?classes=dog%0d%0aX-Injected:%201")]
    [InlineData("?classes=dog%0d%0a")]
    [InlineData("?classes=dog%00")]
    [InlineData("?format=json%0a")]
    public async Task Control_characters_in_an_option_are_400_invalid_option(string query)
    {
        var response = await PostAsync(TestImages.Jpeg(), "image/jpeg", query);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-option");
    }

    [SharedAssetFact]
    public async Task Non_ASCII_class_names_filter_and_are_echoed_percent_encoded()
    {
        var response = await PostAsync(TestImages.Jpeg(), "image/jpeg", "?classes=caf%C3%A9|dog");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("classes=caf%C3%A9|dog", response.Headers.GetValues("X-Amzn-SageMaker-Custom-Attributes").Single());
    }

    [SharedAssetFact]
    public async Task UTF8_in_the_custom_attributes_header_is_served_and_echoed_percent_encoded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new ByteArrayContent(TestImages.Jpeg()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        request.Headers.TryAddWithoutValidation("X-Amzn-SageMaker-Custom-Attributes", "classes=café|Ünïcödé");

        var response = await served.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = response.Headers.GetValues("X-Amzn-SageMaker-Custom-Attributes").Single();
        Assert.Equal("classes=caf%C3%A9|%C3%9Cn%C3%AFc%C3%B6d%C3%A9", echo);
    }

    [SharedAssetFact]
    public async Task Labels_in_any_language_filter_by_the_query_and_by_percent_encoded_custom_attributes()
    {
        using var folder = new TempFolder();
        var model = SharedAssets.Model("yolox-nano");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "model.onnx"), Path.Combine(model, "model.onnx"));
        File.WriteAllLines(Path.Combine(folder.Path, "labels.txt"), File.ReadAllLines(Path.Combine(model, "labels.txt")).Select(l => l == "dog" ? "犬 café" : l));
        using var host = ServiceHost.ForModel(folder.Path);
        var client = await host.ReadyClientAsync();
        var dog = File.ReadAllBytes(SharedAssets.Image("dog.jpg"));

        foreach (var (query, attributes) in new[] { ("?classes=%E7%8A%AC%20caf%C3%A9", null), ("", "classes=%E7%8A%AC%20caf%C3%A9") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations" + query) { Content = new ByteArrayContent(dog) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            if (attributes is not null)
            {
                request.Headers.Add("X-Amzn-SageMaker-Custom-Attributes", attributes);
            }

            var response = await client.SendAsync(request);

            var body = await PredictionBody.ReadAsync(response);
            Assert.Equal(["犬 café"], body.Classes.Distinct());
            Assert.Equal("classes=%E7%8A%AC%20caf%C3%A9", response.Headers.GetValues("X-Amzn-SageMaker-Custom-Attributes").Single());
        }
    }

    [SharedAssetFact]
    public async Task CR_LF_in_a_request_path_cannot_forge_a_text_log_line()
    {
        served.Log.Clear();
        await served.Client.GetAsync("/x%0D%0A[00:20:00.000%20ERR]%20forged%1B[31m");

        var line = Assert.Single(served.Log.Events, e => e.Properties.TryGetValue("RequestPath", out var p) && p.ToString().Contains("forged", StringComparison.Ordinal));
        Assert.Contains("\r\n", ((ScalarValue)line.Properties["RequestPath"]).Value as string, StringComparison.Ordinal);
        var text = new StringWriter();
        LoggingSetup.TextFormatter.Format(line, text);
        var rendered = text.ToString();
        Assert.DoesNotContain('\r', rendered);
        Assert.DoesNotContain('\u001B', rendered);
        Assert.Equal(rendered.Length - 1, rendered.IndexOf('\n', StringComparison.Ordinal));
        Assert.Contains("/x\\r\\n[00:20:00.000 ERR] forged", rendered, StringComparison.Ordinal);
    }

    private static async Task<JsonElement[]> PredictionsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("predictions").EnumerateArray().ToArray();
    }

    private static void AssertInvalidJson(JsonElement problem)
    {
        Assert.Equal("urn:inference-service:problem:invalid-json", problem.GetProperty("type").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }
}
