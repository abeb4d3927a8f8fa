using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using InferenceService.Reliability;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Features;

public sealed class BatchAndFormatTests(YoloxNanoService nano, YoloxNanoTfodService tfod)
    : IClassFixture<YoloxNanoService>, IClassFixture<YoloxNanoTfodService>
{
    [SharedAssetFact]
    public async Task Instances_answer_each_image_in_order_and_a_bad_entry_gets_its_own_problem()
    {
        var client = nano.Client;
        var dog = Base64("dog.jpg");
        var bus = Base64("bus.jpg");
        var body = $$"""{"instances": [{"image": "{{dog}}"}, {"image": "not base64!"}, {"image": "{{Convert.ToBase64String("plain text"u8.ToArray())}}"}, {"image": "{{bus}}"}]}""";

        using var response = await client.PostAsync("/invocations", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var predictions = json.RootElement.GetProperty("predictions").EnumerateArray().ToArray();

        Assert.Equal(4, predictions.Length);
        Assert.Equal(await SingleAsync(client, dog), predictions[0].GetRawText());
        Assert.Equal("urn:inference-service:problem:invalid-base64", predictions[1].GetProperty("type").GetString());
        Assert.Equal("urn:inference-service:problem:invalid-image", predictions[2].GetProperty("type").GetString());
        Assert.Equal(await SingleAsync(client, bus), predictions[3].GetRawText());
    }

    [SharedAssetFact]
    public async Task Json_lines_answer_one_line_per_record_in_order()
    {
        var client = tfod.Client;
        var images = new[] { Base64("zidane.jpg"), Base64("kite.jpg") };
        var body = string.Join("\n", images.Select(i => $$"""{"image": "{{i}}"}""")) + "\n";

        using var response = await client.PostAsync("/invocations", new StringContent(body, Encoding.UTF8, "application/jsonlines"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jsonlines", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        for (var i = 0; i < images.Length; i++)
        {
            Assert.Equal(await SingleAsync(client, images[i]), lines[i]);
        }
    }

    [SharedAssetFact]
    public async Task Too_many_instances_is_413()
    {
        using var server = ServiceHost.Serving("yolox-nano", ("Server:MaxBatchInstances", "1"));
        using var client = await server.ReadyClientAsync();
        var dog = Base64("dog.jpg");

        using var response = await client.PostAsync("/invocations", new StringContent($$"""{"instances": [{"image": "{{dog}}"}, {"image": "{{dog}}"}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("too-many-instances", await response.Content.ReadAsStringAsync());
    }

    [SharedAssetFact]
    public async Task Execution_parameters_report_workers_multi_record_and_the_body_limit()
    {
        using var server = ServiceHost.Serving("yolox-nano", ("Server:Workers", "3"), ("Server:MaxBodyBytes", "20971520"));
        using var client = await server.ReadyClientAsync();

        Assert.Equal("""{"MaxConcurrentTransforms":3,"BatchStrategy":"MULTI_RECORD","MaxPayloadInMB":20}""", await client.GetStringAsync("/execution-parameters"));
    }

    [Fact]
    public async Task Execution_parameters_report_the_inference_gates_worker_count()
    {
        // Configured on the gate's options only: an endpoint reading Server:Workers on its own would say the core count.
        using var host = ServiceHost.WithoutModel()
            .WithServices(services => services.Configure<ReliabilityOptions>(o => o.Workers = Environment.ProcessorCount + 3));
        using var client = host.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync("/execution-parameters"));

        var gate = host.Services.GetRequiredService<InferenceGate>();
        Assert.Equal(Environment.ProcessorCount + 3, gate.Workers);
        Assert.Equal(gate.Workers, json.RootElement.GetProperty("MaxConcurrentTransforms").GetInt32());
    }

    [SharedAssetTheory]
    [InlineData("?format=sagemaker", null, null)]
    [InlineData("", "X-Amzn-SageMaker-Custom-Attributes", "trace=1;format=sagemaker")]
    [InlineData("", "Accept", "application/json;format=sagemaker")]
    public async Task SageMaker_format_gives_normalised_rows_of_the_same_detections(string query, string? header, string? value)
    {
        var client = nano.Client;
        var dog = Base64("dog.jpg");
        using var plain = JsonDocument.Parse(await SingleAsync(client, dog));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations" + query) { Content = new StringContent($$"""{"image": "{{dog}}"}""", Encoding.UTF8, "application/json") };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var rows = json.RootElement.GetProperty("prediction").EnumerateArray().ToArray();
        float w = plain.RootElement.GetProperty("width").GetInt32(), h = plain.RootElement.GetProperty("height").GetInt32();
        var boxes = plain.RootElement.GetProperty("boxes").EnumerateArray().ToArray();

        Assert.Equal(boxes.Length, rows.Length);
        Assert.NotEmpty(rows);
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i].EnumerateArray().Select(v => v.GetSingle()).ToArray();
            var box = boxes[i].EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.Equal(6, row.Length);
            Assert.Equal(plain.RootElement.GetProperty("class_ids")[i].GetInt32(), (int)row[0]);
            Assert.Equal(plain.RootElement.GetProperty("confidences")[i].GetSingle(), row[1], 3);
            Assert.Equal(box[0] / w, row[2], 2);
            Assert.Equal(box[1] / h, row[3], 2);
            Assert.Equal(box[2] / w, row[4], 2);
            Assert.Equal(box[3] / h, row[5], 2);
            Assert.All(row[2..], v => Assert.InRange(v, 0f, 1f));
        }
    }

    private static string Base64(string photo) => Convert.ToBase64String(File.ReadAllBytes(SharedAssets.Image(photo)));

    private static async Task<string> SingleAsync(HttpClient client, string base64)
    {
        using var response = await client.PostAsync("/invocations", new StringContent($$"""{"image": "{{base64}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetRawText();
    }
}
