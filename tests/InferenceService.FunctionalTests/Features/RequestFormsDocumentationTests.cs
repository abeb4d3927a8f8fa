using System.Text.Json;
using InferenceService.Features.Invocations;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Features;

public sealed class RequestFormsDocumentationTests
{
    [SharedAssetFact]
    public async Task OpenApi_documents_every_request_and_response_form()
    {
        using var server = ServiceHost.Serving("yolox-nano");
        using var client = server.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var invocations = doc.RootElement.GetProperty("paths").GetProperty("/invocations").GetProperty("post");
        var request = invocations.GetProperty("requestBody").GetProperty("content");
        var response = invocations.GetProperty("responses").GetProperty("200").GetProperty("content");

        Assert.True(request.GetProperty("application/json").GetProperty("schema").GetProperty("properties").TryGetProperty("instances", out _));
        Assert.True(request.GetProperty("application/json").GetProperty("schema").GetProperty("properties").TryGetProperty("url", out _));
        Assert.True(request.TryGetProperty("application/jsonlines", out _));
        Assert.True(response.GetProperty("application/json").GetProperty("examples").TryGetProperty("sagemaker", out _));
        Assert.True(response.GetProperty("application/json").GetProperty("examples").TryGetProperty("batch", out _));
        Assert.True(response.GetProperty("application/json").GetProperty("examples").TryGetProperty("classification", out _));
        Assert.True(response.GetProperty("application/json").GetProperty("examples").TryGetProperty("sagemaker-classification", out _));
        Assert.True(response.TryGetProperty("image/jpeg", out _));
        Assert.True(response.TryGetProperty("image/png", out _));
        Assert.True(doc.RootElement.GetProperty("paths").TryGetProperty("/execution-parameters", out _));
    }

    [SharedAssetFact]
    public async Task OpenApi_request_content_types_for_invocations_are_exactly_the_accepted_ones()
    {
        using var server = ServiceHost.Serving("yolox-nano");
        using var client = server.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var content = doc.RootElement.GetProperty("paths").GetProperty("/invocations").GetProperty("post").GetProperty("requestBody").GetProperty("content");

        var documented = content.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(RequestContentType.Accepted.Order(StringComparer.Ordinal), documented);
        Assert.Contains("image/gif", RequestContentType.Accepted);
        Assert.Contains("image/jpg", RequestContentType.Accepted);
    }
}
