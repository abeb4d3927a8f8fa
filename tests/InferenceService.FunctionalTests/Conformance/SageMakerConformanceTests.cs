using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using InferenceService.FunctionalTests.Http;
using InferenceService.FunctionalTests.Support;
using SkiaSharp;

namespace InferenceService.FunctionalTests.Conformance;

/// <summary>
/// What SageMaker's own containers and toolkits do that a black-box run of peer-derived cases found missing:
/// Batch Transform's payload limit, JSON Lines answers, bodies without a Content-Type, the default Accept, the
/// bind address.
/// </summary>
public sealed class SageMakerConformanceTests(YoloxNanoService service) : IClassFixture<YoloxNanoService>
{
    private static byte[] Dog => File.ReadAllBytes(SharedAssets.Image("dog.jpg"));

    [SharedAssetFact]
    public async Task Sagemaker_max_payload_in_mb_raises_the_body_limit_and_is_reported()
    {
        using var server = ServiceHost.Serving("yolox-nano", ("Server:MaxPayloadInMB", "12"));
        using var client = await server.ReadyClientAsync();

        using var response = await client.PostAsync("/invocations", Requests.Json(TenMegabyteRecord()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var parameters = JsonDocument.Parse(await client.GetStringAsync("/execution-parameters"));
        Assert.Equal(12, parameters.RootElement.GetProperty("MaxPayloadInMB").GetInt32());
    }

    [SharedAssetFact]
    public async Task Without_sagemaker_max_payload_a_ten_megabyte_record_is_413()
    {
        using var response = await service.Client.PostAsync("/invocations", Requests.Json(TenMegabyteRecord()));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
    }

    [SharedAssetFact]
    public async Task Max_body_bytes_wins_over_sagemaker_max_payload()
    {
        using var server = ServiceHost.Serving("yolox-nano", ("Server:MaxPayloadInMB", "12"), ("Server:MaxBodyBytes", "2097152"));
        using var client = await server.ReadyClientAsync();

        using var response = await client.PostAsync("/invocations", Requests.Json(TenMegabyteRecord()));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        using var parameters = JsonDocument.Parse(await client.GetStringAsync("/execution-parameters"));
        Assert.Equal(2, parameters.RootElement.GetProperty("MaxPayloadInMB").GetInt32());
    }

    [SharedAssetTheory]
    [InlineData("application/jsonlines")]
    [InlineData("text/csv, application/jsonlines")]
    [InlineData("application/x-jsonlines;q=0.9, text/csv;q=0.5")]
    public async Task Accept_json_lines_on_one_image_answers_one_json_line(string accept)
    {
        var single = await PostAsync(service.Client, Requests.Raw(Dog), "application/json");
        var lines = await PostAsync(service.Client, Requests.Raw(Dog), accept);

        Assert.Equal(HttpStatusCode.OK, lines.StatusCode);
        Assert.Equal("application/jsonlines", lines.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await single.Content.ReadAsStringAsync() + "\n", await lines.Content.ReadAsStringAsync());
    }

    [SharedAssetFact]
    public async Task Accept_json_lines_on_instances_answers_one_line_per_instance()
    {
        var dog = Convert.ToBase64String(Dog);
        var body = Requests.Json($$"""{"instances": [{"image": "{{dog}}"}, {"image": "{{dog}}"}]}""");

        using var response = await PostAsync(service.Client, body, "application/jsonlines");

        Assert.Equal("application/jsonlines", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Contains("\"dog\"", line, StringComparison.Ordinal));
    }

    [SharedAssetFact]
    public async Task An_accept_the_service_cannot_produce_is_406()
    {
        using var response = await PostAsync(service.Client, Requests.Raw(Dog), "text/csv");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotAcceptable, "not-acceptable");
    }

    [SharedAssetFact]
    public async Task A_raw_image_without_content_type_is_recognised_by_its_bytes()
    {
        var expected = await (await PostAsync(service.Client, Requests.Raw(Dog), null)).Content.ReadAsStringAsync();
        using (var jpeg = await PostAsync(service.Client, Untyped(Dog), null))
        {
            Assert.Equal(HttpStatusCode.OK, jpeg.StatusCode);
            Assert.Equal(expected, await jpeg.Content.ReadAsStringAsync());
        }

        foreach (var encoded in new[]
        {
            TestImages.Encode(64, 48, SKEncodedImageFormat.Png), TestImages.Encode(64, 48, SKEncodedImageFormat.Webp),
            TestImages.Bmp(), TestImages.AnimatedGif(8, 8),
        })
        {
            using var response = await PostAsync(service.Client, Untyped(encoded), null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [SharedAssetFact]
    public async Task Json_and_json_lines_without_content_type_are_recognised()
    {
        var record = $$"""{"image": "{{Convert.ToBase64String(Dog)}}"}""";

        using var json = await PostAsync(service.Client, Untyped(Encoding.UTF8.GetBytes("\n  " + record)), null);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);

        using var lines = await PostAsync(service.Client, Untyped(Encoding.UTF8.GetBytes(record + "\n" + record + "\n")), null);
        Assert.Equal(HttpStatusCode.OK, lines.StatusCode);
        Assert.Equal("application/jsonlines", lines.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, (await lines.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [SharedAssetFact]
    public async Task A_body_without_content_type_that_is_neither_image_nor_json_is_415_saying_so()
    {
        using var response = await PostAsync(service.Client, Untyped("name,score\ndog,1\n"u8.ToArray()), null);
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Contains("No Content-Type", detail, StringComparison.Ordinal);
    }

    [SharedAssetTheory]
    [InlineData(null)]
    [InlineData("*/*")]
    public async Task Default_invocations_accept_applies_when_accept_is_missing_or_any(string? accept)
    {
        using var server = ServiceHost.Serving("yolox-nano", ("Server:DefaultAccept", "image/png"));
        using var client = await server.ReadyClientAsync();

        using var response = await PostAsync(client, Requests.Raw(Dog), accept);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);

        using var json = await PostAsync(client, Requests.Raw(Dog), "application/json");
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
    }

    [SharedAssetFact]
    public async Task Bind_address_127_0_0_1_listens_there_only_and_the_startup_line_names_it()
    {
        using var service = ServiceProcess.StartServing(SharedAssets.Model("yolox-nano"), ("BIND_ADDRESS", "127.0.0.1"));
        await service.WaitUntilReadyAsync();

        Assert.Contains($"on 127.0.0.1 port {service.Port}", service.Output, StringComparison.Ordinal);
        using var other = new TcpClient();
        // All of 127/8 is this host's loopback: a service bound to 0.0.0.0 would accept on 127.0.0.2 too.
        await Assert.ThrowsAsync<SocketException>(() => other.ConnectAsync(IPAddress.Parse("127.0.0.2"), service.Port));
    }

    private static string TenMegabyteRecord() =>
        $$"""{"image": "{{Convert.ToBase64String(Dog)}}", "pad": "{{new string('x', 10 * 1024 * 1024)}}"}""";

    private static ByteArrayContent Untyped(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = null;
        return content;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, HttpContent content, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = content };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await client.SendAsync(request);
    }
}
