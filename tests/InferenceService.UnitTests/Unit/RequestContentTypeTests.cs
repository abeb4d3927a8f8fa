using InferenceService.Features.Invocations;

namespace InferenceService.UnitTests.Unit;

public sealed class RequestContentTypeTests
{
    [Theory]
    [InlineData("application/json", RequestContentType.Kind.Json)]
    [InlineData("application/json; charset=utf-8", RequestContentType.Kind.Json)]
    [InlineData("Application/JSON", RequestContentType.Kind.Json)]
    [InlineData("application/json; charset=utf-16", RequestContentType.Kind.Unsupported)]
    [InlineData("image/jpeg", RequestContentType.Kind.RawImage)]
    [InlineData("image/png", RequestContentType.Kind.RawImage)]
    [InlineData("image/webp", RequestContentType.Kind.RawImage)]
    [InlineData("image/bmp", RequestContentType.Kind.RawImage)]
    [InlineData("application/x-image", RequestContentType.Kind.RawImage)]
    [InlineData("application/octet-stream", RequestContentType.Kind.RawImage)]
    [InlineData("image/gif", RequestContentType.Kind.RawImage)]
    [InlineData("image/jpg", RequestContentType.Kind.RawImage)]
    [InlineData("application/x-ndjson", RequestContentType.Kind.JsonLines)]
    [InlineData("text/plain", RequestContentType.Kind.Unsupported)]
    [InlineData("multipart/form-data; boundary=x", RequestContentType.Kind.Unsupported)]
    public void Content_type_selects_the_reader(string? contentType, RequestContentType.Kind expected) =>
        Assert.Equal(expected, RequestContentType.Classify(contentType));

    [Fact]
    public void Every_listed_type_is_read_and_the_415_problem_names_each()
    {
        var problem = InvocationProblems.UnsupportedMediaType("text/csv").ProblemDetails.Detail!;
        Assert.All(RequestContentType.Accepted, type =>
        {
            Assert.NotEqual(RequestContentType.Kind.Unsupported, RequestContentType.Classify(type));
            Assert.Contains(type, problem, StringComparison.Ordinal);
        });
        Assert.DoesNotContain("{{", problem, StringComparison.Ordinal);
    }
}
