using System.Buffers;
using SkiaSharp;

namespace InferenceService.Imaging;

/// <summary>
/// Decoded RGBA8888 rows as stored in the file (not yet turned upright), in a buffer rented from the shared pool:
/// a request's decode allocates no bitmap. Dispose returns the buffer.
/// </summary>
public sealed class DecodedPixels : IDisposable
{
    private byte[]? _buffer;

    internal DecodedPixels(byte[] buffer, int width, int height, SKAlphaType alphaType)
    {
        AlphaType = alphaType;
        _buffer = buffer;
        Width = width;
        Height = height;
    }

    /// <summary>Stored width: the rows as decoded.</summary>
    public int Width { get; }

    public int Height { get; }

    /// <summary>Opaque, or premultiplied: transparent pixels read as black, as they did when drawn into a bitmap.</summary>
    public SKAlphaType AlphaType { get; }

    /// <summary>Which decoder produced the rows (both give the same pixels; see <see cref="Jpeg.TurboJpeg"/>).</summary>
    public ImageDecoder DecodedBy { get; internal set; }

    /// <summary>Bytes per row: RGBA, no padding.</summary>
    public int RowBytes => Width * 4;

    public Span<byte> Pixels => (_buffer ?? throw new ObjectDisposedException(nameof(DecodedPixels))).AsSpan(0, RowBytes * Height);

    internal static byte[] Rent(int width, int height) => ArrayPool<byte>.Shared.Rent(width * height * 4);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>The decoders an upload's pixels can come from.</summary>
public enum ImageDecoder
{
    Skia,
    TurboJpeg,
}
