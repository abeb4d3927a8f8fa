using System.Net;
using System.Text.Json;
using InferenceService.FunctionalTests.Http;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Features;

/// <summary>Per-request options over HTTP: query string and SageMaker custom attributes, their effect, errors and echo.</summary>
public sealed class RequestOptionsTests(YoloxNanoService detector, MobileNetV2SoftmaxService classifier)
    : IClassFixture<YoloxNanoService>, IClassFixture<MobileNetV2SoftmaxService>
{
    private const string Attributes = "X-Amzn-SageMaker-Custom-Attributes";

    private static readonly byte[] Dog = SharedAssets.Available ? File.ReadAllBytes(SharedAssets.Image("dog.jpg")) : [];

    private static HttpRequestMessage Post(string query = "", string? attributes = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/invocations" + query) { Content = Requests.Raw(Dog) };
        if (attributes is not null)
        {
            request.Headers.TryAddWithoutValidation(Attributes, attributes);
        }

        return request;
    }

    private static async Task<(PredictionBody Body, string? Echo)> SendAsync(HttpClient client, string query = "", string? attributes = null)
    {
        using var response = await client.SendAsync(Post(query, attributes));
        var body = await PredictionBody.ReadAsync(response);
        return (body, response.Headers.TryGetValues(Attributes, out var echo) ? string.Join(",", echo) : null);
    }

    [SharedAssetFact]
    public async Task Without_options_the_defaults_apply_and_nothing_is_echoed()
    {
        var (body, echo) = await SendAsync(detector.Client);
        Assert.Null(echo);
        Assert.Contains("dog", body.Classes);
        Assert.Contains(body.Confidences, c => c < 0.5f);
    }

    [SharedAssetFact]
    public async Task Confidence_in_the_query_leaves_only_the_strong_detections()
    {
        var (body, echo) = await SendAsync(detector.Client, "?confidence=0.5");
        Assert.Equal("confidence=0.5", echo);
        Assert.Equal(["bicycle", "car", "dog"], body.Classes.Order());
        Assert.All(body.Confidences, c => Assert.True(c >= 0.5f));
    }

    [SharedAssetTheory]
    [InlineData("classes=dog,max_detections=5")]
    [InlineData("classes=dog;max_detections=5")]
    [InlineData(" classes = dog ; max_detections = 5 ")]
    public async Task Custom_attributes_with_either_separator_filter_by_class_name(string attributes)
    {
        var (body, echo) = await SendAsync(detector.Client, attributes: attributes);
        Assert.Equal(["dog"], body.Classes);
        Assert.Equal("max_detections=5,classes=dog", echo);
    }

    [SharedAssetFact]
    public async Task Several_classes_separated_by_a_bar_are_all_kept()
    {
        var (body, _) = await SendAsync(detector.Client, "?classes=dog|car");
        Assert.Equal(["car", "dog"], body.Classes.Order());
    }

    [SharedAssetFact]
    public async Task Max_detections_one_leaves_the_best_one()
    {
        var all = (await SendAsync(detector.Client)).Body;
        var (body, echo) = await SendAsync(detector.Client, "?max_detections=1");
        Assert.Equal("max_detections=1", echo);
        Assert.Equal(all.Classes[..1], body.Classes);
        Assert.Equal(all.Confidences.Max(), body.Confidences.Single());
    }

    [SharedAssetFact]
    public async Task Iou_is_applied_and_a_low_one_suppresses_more()
    {
        var loose = (await SendAsync(detector.Client, "?iou=0.95&confidence=0.05")).Body;
        var (tight, echo) = await SendAsync(detector.Client, "?iou=0.1&confidence=0.05");
        Assert.Equal("confidence=0.05,iou=0.1", echo);
        Assert.True(tight.Classes.Length < loose.Classes.Length, $"iou 0.1 kept {tight.Classes.Length}, iou 0.95 kept {loose.Classes.Length}");
    }

    [SharedAssetFact]
    public async Task The_query_wins_over_the_custom_attributes()
    {
        var (body, echo) = await SendAsync(detector.Client, "?max_detections=2", "max_detections=1");
        Assert.Equal(2, body.Classes.Length);
        Assert.Equal("max_detections=2", echo);
    }

    [SharedAssetFact]
    public async Task Unknown_keys_are_ignored_and_not_echoed()
    {
        var (body, echo) = await SendAsync(detector.Client, "?trace=1&confidence=0.5", "sagemaker-trace-id=abc,colour=blue,max_detections=2");
        Assert.Equal(2, body.Classes.Length);
        Assert.Equal("confidence=0.5,max_detections=2", echo);
    }

    [SharedAssetFact]
    public async Task Top_k_sets_how_many_classes_a_classifier_returns()
    {
        var (defaults, _) = await SendAsync(classifier.Client);
        Assert.Equal(5, defaults.Classes.Length);
        var (body, echo) = await SendAsync(classifier.Client, attributes: "top_k=2");
        Assert.Equal("top_k=2", echo);
        Assert.Equal(defaults.Classes[..2], body.Classes);
        Assert.Equal(2, body.ClassIds.Length);
        Assert.Equal(2, body.Confidences.Length);
    }

    [SharedAssetFact]
    public async Task Format_and_annotate_choose_an_annotated_image()
    {
        using var response = await detector.Client.SendAsync(Post("?format=jpeg", "annotate=true"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("format=jpeg,annotate=true", string.Join(",", response.Headers.GetValues(Attributes)));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
    }

    [SharedAssetTheory]
    [InlineData("?confidence=high", null, "confidence")]
    [InlineData("?confidence=1.5", null, "confidence")]
    [InlineData("?iou=-0.1", null, "iou")]
    [InlineData("", "max_detections=0", "max_detections")]
    [InlineData("", "max_detections=2.5", "max_detections")]
    [InlineData("", "top_k=100000", "top_k")]
    [InlineData("?classes=", null, "classes")]
    [InlineData("?format=xml", null, "format")]
    [InlineData("", "annotate=maybe", "annotate")]
    [InlineData("?confidence=0.2&confidence=0.3", null, "confidence")]
    [InlineData("", "confidence=NaN", "confidence")]
    public async Task Invalid_values_are_400_problems_naming_the_option(string query, string? attributes, string option)
    {
        using var response = await detector.Client.SendAsync(Post(query, attributes));
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-option");
        Assert.Contains($"'{option}'", detail);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(option, problem.RootElement.GetProperty("option").GetString());
    }
}
