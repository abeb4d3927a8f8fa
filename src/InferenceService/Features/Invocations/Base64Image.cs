using System.Buffers;
using System.Buffers.Text;

namespace InferenceService.Features.Invocations;

/// <summary>Decodes a base64 image string (optionally a <c>data:image/…;base64,</c> URL) in place.</summary>
public static class Base64Image
{
    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;

    private static ReadOnlySpan<byte> Base64Marker => ";base64,"u8;

    /// <summary>
    /// Decodes <paramref name="utf8"/> over itself and returns the decoded length, or an error message.
    /// Whitespace (line-wrapped base64) is tolerated; URL-safe characters are accepted.
    /// </summary>
    public static bool TryDecodeInPlace(Span<byte> utf8, out int offset, out int length, out string? error)
    {
        offset = 0;
        length = 0;
        error = null;
        var start = 0;
        if (utf8.StartsWith(DataPrefix))
        {
            var marker = utf8.IndexOf(Base64Marker);
            if (marker < 0)
            {
                error = "A data URL must be base64-encoded (data:image/...;base64,...).";
                return false;
            }

            start = marker + Base64Marker.Length;
        }

        var payload = Compact(utf8[start..]);
        if (payload.IsEmpty)
        {
            error = "The image string is empty.";
            return false;
        }

        // Unpadded input (common from URL-safe encoders) gets its '=' back.
        if (payload.Length % 4 == 1)
        {
            error = "The image string is not valid base64 (its length is impossible).";
            return false;
        }

        if (!TryDecodeOverItself(payload, out var written))
        {
            error = "The image string is not valid base64.";
            return false;
        }

        offset = start;
        length = written;
        return true;
    }

    /// <summary>Whitespace and the URL-safe alphabet, the bytes <see cref="Compact"/> rewrites.</summary>
    private static readonly SearchValues<byte> NotStandard = SearchValues.Create(" \n\r\t-_"u8);

    /// <summary>
    /// Drops whitespace and maps URL-safe characters to the standard alphabet, in place. Most bodies have neither,
    /// and a vectorised search finds that without touching each byte in a loop.
    /// </summary>
    private static Span<byte> Compact(Span<byte> payload)
    {
        var first = payload.IndexOfAny(NotStandard);
        if (first < 0)
        {
            return payload;
        }

        var compacted = first;
        for (var i = first; i < payload.Length; i++)
        {
            var c = payload[i];
            switch (c)
            {
                case (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t':
                    continue;
                case (byte)'-':
                    c = (byte)'+';
                    break;
                case (byte)'_':
                    c = (byte)'/';
                    break;
            }

            payload[compacted++] = c;
        }

        return payload[..compacted];
    }

    /// <summary>Base64 characters decoded per block: a multiple of 4, small enough for the stack.</summary>
    private const int Block = 4096;

    /// <summary>
    /// Decodes <paramref name="payload"/> over its own start. <see cref="Base64.DecodeFromUtf8InPlace"/> does the same
    /// but one byte at a time; the vectorised decoder does not promise overlapping spans work, so each block is
    /// decoded to the stack and copied down, behind everything already read (3 bytes out for every 4 in).
    /// </summary>
    private static bool TryDecodeOverItself(Span<byte> payload, out int written)
    {
        Span<byte> decoded = stackalloc byte[(Block + 8) / 4 * 3];
        written = 0;
        var read = 0;
        while (payload.Length - read > Block + 4)
        {
            if (Base64.DecodeFromUtf8(payload.Slice(read, Block), decoded, out _, out var n, isFinalBlock: false) != OperationStatus.Done)
            {
                return false;
            }

            decoded[..n].CopyTo(payload[written..]);
            read += Block;
            written += n;
        }

        // The tail is padded to whole quads on the stack: unpadded input is accepted.
        var tail = payload[read..];
        Span<byte> padded = stackalloc byte[Block + 8];
        tail.CopyTo(padded);
        var quads = (tail.Length + 3) / 4 * 4;
        padded[tail.Length..quads].Fill((byte)'=');
        if (Base64.DecodeFromUtf8(padded[..quads], decoded, out _, out var last) != OperationStatus.Done)
        {
            return false;
        }

        decoded[..last].CopyTo(payload[written..]);
        written += last;
        return true;
    }
}
