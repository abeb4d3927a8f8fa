using System.Globalization;
using System.Text;

namespace InferenceService.FunctionalTests.Support;

/// <summary>One HTTP/1.1 response as read off a socket: status, headers and the de-chunked body.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static RawResponse Parse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"no complete response head in: '{text}'");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = text[(end + 4)..];
        return new RawResponse(status, headers, headers.TryGetValue("Transfer-Encoding", out var coding) && coding == "chunked" && body.Length > 0 ? Dechunk(body) : body);
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Asserts an RFC 7807 body with this service's <c>type</c> for <paramref name="slug"/> and this status.</summary>
    public void AssertProblem(int status, string slug) =>
        ProblemAssert.IsProblem(Status, Header("Content-Type")?.Split(';')[0].Trim(), Body, status, slug);

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = int.Parse(chunked[at..lineEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
