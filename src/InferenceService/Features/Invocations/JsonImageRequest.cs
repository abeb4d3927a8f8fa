using System.Buffers;
using System.Text.Json;

namespace InferenceService.Features.Invocations;

/// <summary>
/// Reads <c>{"image": "&lt;base64&gt;"}</c> straight from the pooled body: the base64 text is located with
/// <see cref="Utf8JsonReader"/> and decoded over itself, so a 6 MB upload is never turned into a string.
/// Unknown properties are ignored.
/// </summary>
public static class JsonImageRequest
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 32 };

    public enum ErrorKind
    {
        None,
        MalformedJson,
        InvalidRequest,
        InvalidBase64,
    }

    /// <summary>The outcome: the decoded image's place in the body, or what was wrong with the request.</summary>
    public readonly record struct Parsed(int Offset, int Length, ErrorKind Error, string? Message)
    {
        public bool Succeeded => Error == ErrorKind.None;
    }

    public static Parsed Parse(Span<byte> body)
    {
        int start = -1, length = 0;
        try
        {
            var reader = new Utf8JsonReader(body, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail("The JSON body must be an object such as {\"image\": \"<base64>\"}.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isImage = reader.ValueTextEquals("image"u8);
                reader.Read();
                if (!isImage)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.String)
                {
                    return Fail($"\"image\" must be a base64 string, not {Describe(reader.TokenType)}.");
                }

                start = (int)reader.TokenStartIndex + 1;
                length = reader.ValueIsEscaped ? Unescape(ref reader, body, start) : reader.ValueSpan.Length;
            }

            // Read to the end so trailing garbage is rejected like any other malformed JSON.
            while (reader.Read())
            {
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: the reader accepts any \uXXXX escape, so a lone surrogate (\ud800) only
            // fails when the string is unescaped.
            return new Parsed(0, 0, ErrorKind.MalformedJson, $"Malformed JSON: {e.Message}");
        }

        if (start < 0)
        {
            return Fail("The JSON body has no \"image\" property: send {\"image\": \"<base64>\"}.");
        }

        var text = body.Slice(start, length);
        if (!Base64Image.TryDecodeInPlace(text, out var offset, out var decoded, out var error))
        {
            return new Parsed(0, 0, ErrorKind.InvalidBase64, error);
        }

        return new Parsed(start + offset, decoded, ErrorKind.None, null);
    }

    /// <summary>Writes the unescaped value over the escaped one (it is never longer) and returns its length.</summary>
    private static int Unescape(ref Utf8JsonReader reader, Span<byte> body, int start)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var written = reader.CopyString(scratch);
            scratch.AsSpan(0, written).CopyTo(body[start..]);
            return written;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString(),
    };

    private static Parsed Fail(string error) => new(0, 0, ErrorKind.InvalidRequest, error);
}
