using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace InferenceService.Imaging.Jpeg;

/// <summary>
/// The few TurboJPEG 2.x entry points the decoder needs, bound at run time: the library is an optional system
/// package, so a missing one (or one without these symbols) leaves <see cref="Loaded"/> false instead of failing
/// the first request with a <see cref="DllNotFoundException"/>.
/// </summary>
internal static unsafe class TurboJpegNative
{
    /// <summary>Debian's libturbojpeg0 and Ubuntu's libturbojpeg both install this soname.</summary>
    public const string LibraryName = "libturbojpeg.so.0";

    // Values from turbojpeg.h (stable since 1.4).
    public const int PixelFormatRgba = 7;      // TJPF_RGBA: R, G, B, then A = 255, as Skia's opaque RGBA8888
    public const int ColourSpaceYCbCr = 1;     // TJCS_YCbCr
    public const int ColourSpaceGray = 2;      // TJCS_GRAY
    public const int FlagStopOnWarning = 8192; // TJFLAG_STOPONWARNING: a damaged file goes to Skia without a full decode first

    private static readonly delegate* unmanaged<nint> InitDecompress;
    private static readonly delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int> DecompressHeader3;
    private static readonly delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int> Decompress2;
    private static readonly delegate* unmanaged<nint, int> Destroy;

    static TurboJpegNative()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var library)
            || !NativeLibrary.TryGetExport(library, "tjInitDecompress", out var init)
            || !NativeLibrary.TryGetExport(library, "tjDecompressHeader3", out var header)
            || !NativeLibrary.TryGetExport(library, "tjDecompress2", out var decompress)
            || !NativeLibrary.TryGetExport(library, "tjDestroy", out var destroy))
        {
            return;
        }

        InitDecompress = (delegate* unmanaged<nint>)init;
        DecompressHeader3 = (delegate* unmanaged<nint, byte*, CULong, int*, int*, int*, int*, int>)header;
        Decompress2 = (delegate* unmanaged<nint, byte*, CULong, byte*, int, int, int, int, int, int>)decompress;
        Destroy = (delegate* unmanaged<nint, int>)destroy;
        Loaded = true;
    }

    public static bool Loaded { get; }

    /// <summary>Reads the frame header: stored size and colour space (TJCS_*). False when the header is unreadable.</summary>
    public static bool ReadHeader(Decompressor decompressor, ReadOnlySpan<byte> jpeg, out int width, out int height, out int colourSpace)
    {
        int w, h, subsampling, space;
        int result;
        fixed (byte* source = jpeg)
        {
            result = DecompressHeader3(decompressor.DangerousGetHandle(), source, new CULong((nuint)jpeg.Length), &w, &h, &subsampling, &space);
        }

        (width, height, colourSpace) = (w, h, space);
        return result == 0;
    }

    /// <summary>
    /// Decodes into <paramref name="rgba"/> at the largest scaling factor whose size fits <paramref name="width"/> ×
    /// <paramref name="height"/> (libjpeg's M/8 rounding up, as Skia's). False on any error or warning.
    /// </summary>
    public static bool Decode(Decompressor decompressor, ReadOnlySpan<byte> jpeg, Span<byte> rgba, int width, int height)
    {
        fixed (byte* source = jpeg)
        fixed (byte* destination = rgba)
        {
            return Decompress2(decompressor.DangerousGetHandle(), source, new CULong((nuint)jpeg.Length), destination,
                width, width * 4, height, PixelFormatRgba, FlagStopOnWarning) == 0;
        }
    }

    /// <summary>A decompressor instance: not thread-safe, so each thread keeps its own; released when the thread's copy is collected.</summary>
    public sealed class Decompressor : SafeHandleZeroOrMinusOneIsInvalid
    {
        public Decompressor()
            : base(ownsHandle: true) => SetHandle(InitDecompress());

        protected override bool ReleaseHandle() => Destroy(handle) == 0;
    }
}
