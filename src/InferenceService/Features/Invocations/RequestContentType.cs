using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace InferenceService.Features.Invocations;

/// <summary>Which reader a Content-Type selects, from the one list of accepted types.</summary>
public static class RequestContentType
{
    public enum Kind
    {
        Unsupported,
        Json,
        RawImage,
        JsonLines,

        /// <summary>No Content-Type: the body's first bytes decide (<see cref="Sniff"/>).</summary>
        Sniff,
    }

    /// <summary>The one list of accepted raw image types: the reader, the OpenAPI document, the endpoint's metadata and the 415 problem all read it.</summary>
    public static IReadOnlyList<string> RawImageTypes { get; } =
        ["image/jpeg", "image/jpg", "image/png", "image/webp", "image/bmp", "image/gif", "application/x-image", "application/octet-stream"];

    /// <summary>The JSON Lines types; the first is the one this service answers with.</summary>
    public static IReadOnlyList<string> JsonLinesTypes { get; } =
        ["application/jsonlines", "application/x-jsonlines", "application/jsonl", "application/x-ndjson"];

    public const string JsonType = "application/json";

    /// <summary>Every Content-Type /invocations reads, JSON first.</summary>
    public static IReadOnlyList<string> Accepted { get; } = [JsonType, .. JsonLinesTypes, .. RawImageTypes];

    private static readonly HashSet<string> RawImageSet = new(RawImageTypes, StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> JsonLinesSet = new(JsonLinesTypes, StringComparer.OrdinalIgnoreCase);

    /// <summary>What a refused request is told to send instead.</summary>
    public static string AcceptedDescription { get; } =
        $"Send {JsonType} with {{\"image\": \"<base64>\"}}, JSON Lines as {string.Join(", ", JsonLinesTypes)}, or a raw image as {string.Join(", ", RawImageTypes)}.";

    public static bool IsJsonLines(string mediaType) => JsonLinesSet.Contains(mediaType);

    public static Kind Classify(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return Kind.Sniff;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return Kind.Unsupported;
        }

        if (type.Equals(JsonType, StringComparison.OrdinalIgnoreCase))
        {
            // JSON is UTF-8 (RFC 8259); a declared charset must say so.
            var charset = media.Charset.Value;
            return charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
                ? Kind.Json
                : Kind.Unsupported;
        }

        if (JsonLinesSet.Contains(type))
        {
            return Kind.JsonLines;
        }

        return RawImageSet.Contains(type) ? Kind.RawImage : Kind.Unsupported;
    }

    /// <summary>
    /// What a body sent without a Content-Type holds. The SageMaker toolkits assume JSON; looking costs nothing and
    /// also serves the clients that post a file with no type: an image by its magic bytes, JSON by its first
    /// <c>{</c>, JSON Lines when a second value follows the first. Anything else stays unsupported (415).
    /// </summary>
    public static Kind Sniff(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || body.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ||
            body.StartsWith("GIF8"u8) || body.StartsWith("BM"u8) ||
            (body.Length >= 12 && body[..4].SequenceEqual("RIFF"u8) && body[8..12].SequenceEqual("WEBP"u8)))
        {
            return Kind.RawImage;
        }

        var text = body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? body[3..] : body;
        text = text.TrimStart(" \t\r\n"u8);
        if (text.IsEmpty || text[0] != (byte)'{')
        {
            return Kind.Unsupported;
        }

        return HoldsSecondValue(text) ? Kind.JsonLines : Kind.Json;
    }

    private static bool HoldsSecondValue(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            return reader.Read() && reader.TrySkip() && reader.Read();
        }
        catch (JsonException)
        {
            // Malformed JSON is the JSON reader's to report (400 invalid-json), not a reason to refuse the type.
            return false;
        }
    }
}
