using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace InferenceService.Features.Invocations;

/// <summary>
/// Classifies a JSON body in one pass of one <see cref="Utf8JsonReader"/>: <c>{"image": "&lt;base64&gt;"}</c>,
/// <c>{"url": "https://..."}</c>, or <c>{"instances": [...]}</c> of those; JSON Lines is one such object per line.
/// The base64 text is located in the pooled body and decoded over itself, so a 6 MB upload is never turned into a
/// string. Unknown properties are ignored. Malformed JSON fails the whole body (in JSON Lines, the line); what
/// concerns one image of a batch fails that entry alone.
/// </summary>
public static class JsonImageBody
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 32 };

    /// <summary>Where an object sits: only the body's own object may hold <c>instances</c>.</summary>
    private enum Scope
    {
        Body,
        Instance,
        Line,
    }

    private enum Property
    {
        Other,
        Image,
        Url,
        Instances,
    }

    /// <summary>An <c>application/json</c> body: one image, or the entries of <c>instances</c>.</summary>
    public static ClassifiedBody Parse(Span<byte> body) => Parse(body, Scope.Body, 0);

    /// <summary>A JSON Lines body: one entry per non-blank line, offsets relative to the whole body.</summary>
    public static List<ImageEntry> ParseLines(Span<byte> body)
    {
        var entries = new List<ImageEntry>();
        var start = 0;
        while (start < body.Length)
        {
            var newline = body[start..].IndexOf((byte)'\n');
            var end = newline < 0 ? body.Length : start + newline;
            var line = body[start..end];
            if (line.Trim(" \t\r"u8).Length > 0)
            {
                entries.Add(Parse(line, Scope.Line, start).Single);
            }

            start = end + 1;
        }

        return entries;
    }

    private static ClassifiedBody Parse(Span<byte> json, Scope scope, int origin)
    {
        // RFC 8259 8.1: a JSON text is UTF-8. The reader only checks that when it decodes a string, so a stray byte
        // in the base64 or in a skipped value would otherwise pass (or fail later as something else).
        if (!Utf8.IsValid(json))
        {
            return ClassifiedBody.Of(ImageEntry.Failed(EntryError.MalformedJson, "Malformed JSON: the body is not valid UTF-8."));
        }

        ImageEntry entry;
        List<ImageEntry>? instances = null;
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return ClassifiedBody.Of(ImageEntry.Invalid("The JSON body must be an object such as {\"image\": \"<base64>\"}, {\"url\": \"https://...\"} or {\"instances\": [...]}."));
            }

            entry = ReadObject(ref reader, json, scope, ref instances);

            // Read to the end so trailing garbage is rejected like any other malformed JSON.
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            return ClassifiedBody.Of(ImageEntry.Failed(EntryError.MalformedJson, $"Malformed JSON: {e.Message}"));
        }

        if (instances is null)
        {
            return ClassifiedBody.Of(Decode(entry, json, origin));
        }

        // Decoded only once the whole body has proved to be JSON: malformed JSON is the answer before any base64 error.
        for (var i = 0; i < instances.Count; i++)
        {
            instances[i] = Decode(instances[i], json, origin);
        }

        return new ClassifiedBody(entry, instances);
    }

    /// <summary>
    /// Reads the properties of the object the reader is on and leaves it on the object's end. A base64 image comes
    /// back as its (unescaped) text's range, still to be decoded; <paramref name="instances"/> is set for a batch.
    /// </summary>
    private static ImageEntry ReadObject(ref Utf8JsonReader reader, Span<byte> json, Scope scope, ref List<ImageEntry>? instances)
    {
        int imageStart = -1, imageLength = 0;
        string? url = null;
        ImageEntry? imageError = null, urlError = null, instancesError = null;
        var hasInstances = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.ValueTextEquals("image"u8) ? Property.Image
                : reader.ValueTextEquals("url"u8) ? Property.Url
                : scope != Scope.Instance && reader.ValueTextEquals("instances"u8) ? Property.Instances
                : Property.Other;
            reader.Read();
            switch (property)
            {
                case Property.Image when reader.TokenType == JsonTokenType.String:
                    imageStart = (int)reader.TokenStartIndex + 1;
                    imageError = null;
                    try
                    {
                        imageLength = reader.ValueIsEscaped ? Unescape(ref reader, json, imageStart) : reader.ValueSpan.Length;
                    }
                    catch (InvalidOperationException e)
                    {
                        imageStart = -1;
                        imageError = LoneSurrogate(e);
                    }

                    break;
                case Property.Image:
                    imageStart = -1;
                    imageError = ImageEntry.Invalid($"\"image\" must be a base64 string, not {Describe(reader.TokenType)}.");
                    reader.Skip();
                    break;
                case Property.Url when reader.TokenType == JsonTokenType.String:
                    try
                    {
                        url = reader.GetString();
                    }
                    catch (InvalidOperationException e)
                    {
                        urlError ??= LoneSurrogate(e);
                    }

                    break;
                case Property.Url:
                    urlError ??= ImageEntry.Invalid("\"url\" must be a string such as \"https://example.com/photo.jpg\".");
                    reader.Skip();
                    break;
                case Property.Instances when scope == Scope.Body && reader.TokenType == JsonTokenType.StartArray:
                    hasInstances = true;
                    instancesError = null;
                    instances = ReadInstances(ref reader, json);
                    break;
                case Property.Instances:
                    hasInstances = true;
                    instances = null;
                    instancesError = ImageEntry.Invalid(scope == Scope.Line
                        ? "A JSON Lines record holds one image: {\"image\": \"<base64>\"} or {\"url\": \"https://...\"}."
                        : "\"instances\" must be an array of {\"image\": \"<base64>\"} or {\"url\": \"https://...\"} objects.");
                    reader.Skip();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (urlError is { } badUrl)
        {
            instances = null;
            return badUrl;
        }

        if (hasInstances)
        {
            return instancesError ?? default;
        }

        if (url is not null)
        {
            return ImageEntry.ForUrl(url);
        }

        return imageError
            ?? (imageStart < 0 ? ImageEntry.Invalid("The JSON body has no \"image\" property: send {\"image\": \"<base64>\"}.") : ImageEntry.Bytes(imageStart, imageLength));
    }

    private static List<ImageEntry> ReadInstances(ref Utf8JsonReader reader, Span<byte> json)
    {
        var entries = new List<ImageEntry>();
        List<ImageEntry>? none = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                entries.Add(ReadObject(ref reader, json, Scope.Instance, ref none));
            }
            else
            {
                entries.Add(ImageEntry.Invalid("Each instance must be an object such as {\"image\": \"<base64>\"} or {\"url\": \"https://...\"}."));
                reader.Skip();
            }
        }

        return entries;
    }

    /// <summary>Turns a located base64 text into the decoded image's range; URLs and failures pass through.</summary>
    private static ImageEntry Decode(ImageEntry entry, Span<byte> json, int origin)
    {
        if (!entry.Succeeded || entry.Url is not null)
        {
            return entry;
        }

        return Base64Image.TryDecodeInPlace(json.Slice(entry.Offset, entry.Length), out var offset, out var length, out var error)
            ? ImageEntry.Bytes(origin + entry.Offset + offset, length)
            : ImageEntry.Failed(EntryError.InvalidBase64, error!);
    }

    /// <summary>Writes the unescaped value over the escaped one (it is never longer) and returns its length.</summary>
    private static int Unescape(ref Utf8JsonReader reader, Span<byte> json, int start)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var written = reader.CopyString(scratch);
            scratch.AsSpan(0, written).CopyTo(json[start..]);
            return written;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>The reader accepts any \uXXXX escape, so a lone surrogate (\ud800) only fails when the string is unescaped.</summary>
    private static ImageEntry LoneSurrogate(InvalidOperationException e) => ImageEntry.Failed(EntryError.MalformedJson, $"Malformed JSON: {e.Message}");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };
}
