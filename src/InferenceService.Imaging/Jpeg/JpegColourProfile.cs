using System.Buffers.Binary;
using System.Security.Cryptography;

namespace InferenceService.Imaging.Jpeg;

/// <summary>
/// Whether Skia would leave a JPEG's decoded colours as they are: it converts every embedded ICC profile to sRGB
/// unless the profile is (approximately) sRGB itself. The files with no profile, and those carrying the standard
/// sRGB IEC61966-2.1 profile (the 3 144-byte one cameras, Photoshop and photo sites embed, which Skia treats as
/// sRGB), need no conversion; any other profile is left to Skia, which converts it. Only the markers before the
/// first scan are read.
/// </summary>
internal static class JpegColourProfile
{
    private const int StandardSrgbLength = 3144;

    /// <summary>SHA-256 of the standard sRGB IEC61966-2.1 profile.</summary>
    private static readonly byte[] StandardSrgbSha256 = Convert.FromHexString("2b3aa1645779a9e634744faf9b01e9102b0c9b88fd6deced7934df86b949af7e");

    public static bool NeedsNoConversion(ReadOnlySpan<byte> jpeg)
    {
        ReadOnlySpan<byte> profile = default;
        var chunks = 0;
        var at = 2; // after SOI
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return false; // not where a marker must be: a file for Skia to judge
            }

            var marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte before a marker
                continue;
            }

            if (marker is 0xDA or 0xD9)
            {
                break; // start of scan (or end of image): no profile can follow
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                return false; // a marker without a length has no place here: a file for Skia to judge
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            if (length < 2 || at + 2 + length > jpeg.Length)
            {
                return false;
            }

            var payload = jpeg.Slice(at + 4, length - 2);
            if (marker == 0xE2 && payload.StartsWith("ICC_PROFILE\0"u8) && payload.Length >= 14)
            {
                chunks++;
                profile = payload[14..]; // after the name and the chunk's sequence number and count
            }

            at += 2 + length;
        }

        return chunks == 0 || (chunks == 1 && IsStandardSrgb(profile));
    }

    private static bool IsStandardSrgb(ReadOnlySpan<byte> profile)
    {
        if (profile.Length != StandardSrgbLength)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(profile, hash);
        return hash.SequenceEqual(StandardSrgbSha256);
    }
}
