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

        var payload = utf8[start..];
        var compacted = 0;
        for (var i = 0; i < payload.Length; i++)
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

        payload = payload[..compacted];
        if (payload.IsEmpty)
        {
            error = "The image string is empty.";
            return false;
        }

        // Unpadded input (common from URL-safe encoders) gets its '=' back.
        var remainder = payload.Length % 4;
        if (remainder == 1)
        {
            error = "The image string is not valid base64 (its length is impossible).";
            return false;
        }

        OperationStatus status;
        int written;
        if (remainder == 0)
        {
            status = Base64.DecodeFromUtf8InPlace(payload, out written);
        }
        else
        {
            var padded = new byte[payload.Length + 4 - remainder];
            payload.CopyTo(padded);
            padded.AsSpan(payload.Length).Fill((byte)'=');
            status = Base64.DecodeFromUtf8InPlace(padded, out written);
            padded.AsSpan(0, written).CopyTo(payload);
        }

        if (status != OperationStatus.Done)
        {
            error = "The image string is not valid base64.";
            return false;
        }

        offset = start;
        length = written;
        return true;
    }
}
