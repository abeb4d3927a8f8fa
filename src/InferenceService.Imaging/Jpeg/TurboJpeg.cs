namespace InferenceService.Imaging.Jpeg;

/// <summary>
/// The one place that decides which JPEGs skip Skia's decoder. SkiaSharp's bundled libjpeg-turbo is built without
/// SIMD, so it decodes at about half the speed of the system's libjpeg-turbo (TurboJPEG) with the same IDCT and
/// upsampling: the pixels come out the same. It is used only where that holds: YCbCr or greyscale JPEGs (TurboJPEG
/// cannot turn CMYK/YCCK into RGB as Skia does) whose colours Skia would not convert (<see cref="JpegColourProfile"/>),
/// decoded without any libjpeg warning. Everything else, and every process without the library, decodes with Skia.
/// </summary>
public static class TurboJpeg
{
    [ThreadStatic]
    private static TurboJpegNative.Decompressor? t_decompressor;

    /// <summary>The shared library the faster decoder comes from.</summary>
    public const string LibraryName = TurboJpegNative.LibraryName;

    /// <summary>Whether <see cref="LibraryName"/> was loaded with the functions the decoder needs.</summary>
    public static bool IsAvailable => TurboJpegNative.Loaded;

    /// <summary>What decodes JPEGs in this process, for the start-up log.</summary>
    public static string Describe() => IsAvailable
        ? $"TurboJPEG ({LibraryName}, SIMD) for YCbCr and greyscale JPEGs without a colour profile to convert, Skia for the rest"
        : $"Skia alone: {LibraryName} could not be loaded (install libturbojpeg0 for the faster JPEG decoder)";

    /// <summary>
    /// Decodes <paramref name="jpeg"/> (stored as <paramref name="storedWidth"/> × <paramref name="storedHeight"/>) into
    /// <paramref name="rgba"/> at the DCT scale whose size is <paramref name="width"/> × <paramref name="height"/>.
    /// False, with the buffer's contents undefined, when this decoder must not or could not: the caller decodes with
    /// Skia, which then gives exactly the answer (pixels or error) it gave before this decoder existed.
    /// </summary>
    internal static bool TryDecode(ReadOnlySpan<byte> jpeg, int storedWidth, int storedHeight, Span<byte> rgba, int width, int height)
    {
        if (!IsAvailable || !JpegColourProfile.NeedsNoConversion(jpeg))
        {
            return false;
        }

        var decompressor = t_decompressor;
        if (decompressor is null)
        {
            decompressor = new TurboJpegNative.Decompressor();
            if (decompressor.IsInvalid)
            {
                decompressor.Dispose();
                return false;
            }

            t_decompressor = decompressor;
        }

        return TurboJpegNative.ReadHeader(decompressor, jpeg, out var w, out var h, out var colourSpace)
            && w == storedWidth && h == storedHeight
            && (colourSpace is TurboJpegNative.ColourSpaceYCbCr or TurboJpegNative.ColourSpaceGray)
            && TurboJpegNative.Decode(decompressor, jpeg, rgba, width, height);
    }
}
