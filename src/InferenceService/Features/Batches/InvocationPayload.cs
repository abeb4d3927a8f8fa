using System.Text.Json;
using System.Text.Unicode;
using InferenceService.Features.Invocations;

namespace InferenceService.Features.Batches;

/// <summary>
/// One image of a JSON request: where its decoded bytes lie in the body, a URL to fetch, or why the entry is
/// unusable (a problem for that entry alone when it is part of a batch).
/// </summary>
public readonly record struct ImageEntry(int Offset, int Length, string? Url, JsonImageRequest.ErrorKind Error, string? Message)
{
    public bool Succeeded => Error == JsonImageRequest.ErrorKind.None;

    public static ImageEntry Failed(JsonImageRequest.ErrorKind kind, string message) => new(0, 0, null, kind, message);
}

/// <summary>
/// Tells the JSON request forms apart: <c>{"image": ...}</c>, <c>{"url": ...}</c> and
/// <c>{"instances": [{"image": ...} | {"url": ...}, ...]}</c>. Each object's bytes are handed to
/// <see cref="JsonImageRequest"/>, so base64 is still decoded in place, entry by entry.
/// </summary>
public static class InvocationPayload
{
    public readonly record struct Parsed(bool IsBatch, IReadOnlyList<ImageEntry> Entries);

    public static Parsed Parse(Span<byte> body)
    {
        // RFC 8259 8.1: a JSON text is UTF-8. The reader only checks that when it decodes a string, so a stray byte
        // in the base64 or in a skipped value would otherwise pass (or fail later as something else).
        if (!Utf8.IsValid(body))
        {
            return new Parsed(false, [ImageEntry.Failed(JsonImageRequest.ErrorKind.MalformedJson, "Malformed JSON: the body is not valid UTF-8.")]);
        }

        TopLevel(body, out var instances, out var url, out var error);
        if (error is not null)
        {
            return new Parsed(false, [error.Value]);
        }

        if (instances is { } range)
        {
            var entries = new List<ImageEntry>();
            var reader = new Utf8JsonReader(body.Slice(range.Start, range.Length));
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return new Parsed(false, [Invalid("\"instances\" must be an array of {\"image\": \"<base64>\"} or {\"url\": \"https://...\"} objects.")]);
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                var isObject = reader.TokenType == JsonTokenType.StartObject;
                reader.Skip();
                var end = (int)reader.BytesConsumed;
                var at = range.Start + start;
                entries.Add(isObject
                    ? Single(body.Slice(at, end - start)) is var e && e.Succeeded && e.Url is null ? e with { Offset = e.Offset + at } : e
                    : Invalid("Each instance must be an object such as {\"image\": \"<base64>\"} or {\"url\": \"https://...\"}."));
            }

            return new Parsed(true, entries);
        }

        return new Parsed(false, [url is not null ? UrlEntry(url) : Single(body)]);
    }

    /// <summary>One object with "image" or "url"; offsets are relative to <paramref name="json"/>'s start in the body.</summary>
    private static ImageEntry Single(Span<byte> json)
    {
        TopLevel(json, out _, out var url, out var error);
        if (error is not null)
        {
            return error.Value;
        }

        if (url is not null)
        {
            return UrlEntry(url);
        }

        var parsed = JsonImageRequest.Parse(json);
        return parsed.Succeeded
            ? new ImageEntry(parsed.Offset, parsed.Length, null, JsonImageRequest.ErrorKind.None, null)
            : ImageEntry.Failed(parsed.Error, parsed.Message!);
    }

    private static ImageEntry UrlEntry(string url) => new(0, 0, url, JsonImageRequest.ErrorKind.None, null);

    private static ImageEntry Invalid(string message) => ImageEntry.Failed(JsonImageRequest.ErrorKind.InvalidRequest, message);

    /// <summary>Scans an object's top-level keys for "instances" (its byte range) and "url" (its value).</summary>
    private static void TopLevel(ReadOnlySpan<byte> json, out (int Start, int Length)? instances, out string? url, out ImageEntry? error)
    {
        instances = null;
        url = null;
        error = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 32 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = Invalid("The JSON body must be an object such as {\"image\": \"<base64>\"}, {\"url\": \"https://...\"} or {\"instances\": [...]}.");
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isInstances = reader.ValueTextEquals("instances"u8);
                var isUrl = reader.ValueTextEquals("url"u8);
                reader.Read();
                if (isInstances)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    instances = (start, (int)reader.BytesConsumed - start);
                }
                else if (isUrl)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        error = Invalid("\"url\" must be a string such as \"https://example.com/photo.jpg\".");
                        return;
                    }

                    url = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            // Read to the end so trailing garbage is rejected like any other malformed JSON.
            while (reader.Read())
            {
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: "url" holds a lone surrogate escape (\ud800), found only when it is decoded.
            error = ImageEntry.Failed(JsonImageRequest.ErrorKind.MalformedJson, $"Malformed JSON: {e.Message}");
        }
    }
}
