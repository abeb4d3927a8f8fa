using Microsoft.Net.Http.Headers;

namespace InferenceService.Features.Invocations;

/// <summary>Which reader a Content-Type selects.</summary>
public static class RequestContentType
{
    public enum Kind
    {
        Unsupported,
        Json,
        RawImage,
        JsonLines,
    }

    private static readonly HashSet<string> RawImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/jpeg", "image/jpg", "image/png", "image/webp", "image/bmp", "image/gif",
        "application/x-image", "application/octet-stream",
    };

    private static readonly HashSet<string> JsonLinesTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/jsonlines", "application/x-jsonlines", "application/jsonl", "application/x-ndjson",
    };

    public static Kind Classify(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return Kind.Unsupported;
        }

        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            // JSON is UTF-8 (RFC 8259); a declared charset must say so.
            var charset = media.Charset.Value;
            return charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
                ? Kind.Json
                : Kind.Unsupported;
        }

        if (JsonLinesTypes.Contains(type))
        {
            return Kind.JsonLines;
        }

        return RawImageTypes.Contains(type) ? Kind.RawImage : Kind.Unsupported;
    }
}
