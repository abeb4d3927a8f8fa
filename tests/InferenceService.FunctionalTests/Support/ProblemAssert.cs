using System.Net;
using System.Text.Json;

namespace InferenceService.FunctionalTests.Support;

/// <summary>An RFC 7807 body as a client reads it.</summary>
public sealed record Problem(string? Type, string? Title, string? Detail, int? Status)
{
    public string Slug => Type?.Replace(ProblemAssert.TypePrefix, "", StringComparison.Ordinal) ?? "";
}

/// <summary>The one reader of problem answers, whether they came through HttpClient or off a raw socket.</summary>
public static class ProblemAssert
{
    public const string TypePrefix = "urn:inference-service:problem:";

    /// <summary>Asserts the answer is <c>application/problem+json</c> and reads it.</summary>
    public static async Task<Problem> ReadAsync(HttpResponseMessage response) =>
        Read(response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());

    /// <summary>Asserts an RFC 7807 answer with this status and <c>type</c>; returns its detail.</summary>
    public static async Task<string> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string slug) =>
        IsProblem((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), (int)status, slug);

    /// <summary>The same check on a response's parts, e.g. as read off a socket by <see cref="RawResponse"/>.</summary>
    public static string IsProblem(int actualStatus, string? mediaType, string body, int status, string slug)
    {
        Assert.True(status == actualStatus, $"expected {status}, got {actualStatus}: {body}");
        var problem = Read(mediaType, body);
        Assert.Equal(TypePrefix + slug, problem.Type);
        Assert.Equal(status, problem.Status);
        return problem.Detail ?? "";
    }

    private static Problem Read(string? mediaType, string body)
    {
        Assert.True(mediaType == "application/problem+json", $"expected application/problem+json, got {mediaType}: {body}");
        return JsonSerializer.Deserialize<Problem>(body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}
