using System.Buffers;
using InferenceService.Imaging.Jpeg;
using InferenceService.Imaging.Resampling;
using SkiaSharp;

namespace InferenceService.Imaging;

/// <summary>
/// An encoded upload opened for decoding. Opening reads only the header (format, size, EXIF origin), so
/// limits are enforced before any pixel memory is allocated. The bytes are pinned, not copied, for the
/// lifetime of this object.
/// </summary>
public sealed partial class ImageSource : IDisposable
{
    internal static readonly SKColorSpace Srgb = SKColorSpace.CreateSrgb();

    private readonly ReadOnlyMemory<byte> _encoded;
    private MemoryHandle _pin;
    private readonly SKData _data;
    private readonly SKCodec _codec;

    private ImageSource(ReadOnlyMemory<byte> encoded, MemoryHandle pin, SKData data, SKCodec codec)
    {
        _encoded = encoded;
        _pin = pin;
        _data = data;
        _codec = codec;
        Origin = codec.EncodedOrigin;
        StoredWidth = codec.Info.Width;
        StoredHeight = codec.Info.Height;
        var swap = ImageOrientation.SwapsAxes(Origin);
        Width = swap ? StoredHeight : StoredWidth;
        Height = swap ? StoredWidth : StoredHeight;
    }

    /// <summary>Upright width: the one boxes refer to.</summary>
    public int Width { get; }

    /// <summary>Upright height.</summary>
    public int Height { get; }

    public int StoredWidth { get; }

    public int StoredHeight { get; }

    public SKEncodedOrigin Origin { get; }

    public SKEncodedImageFormat Format => _codec.EncodedFormat;

    public static unsafe ImageSource Open(ReadOnlyMemory<byte> encoded, ImageLimits limits)
    {
        if (encoded.IsEmpty)
        {
            throw new ImageDecodeException(ImageErrorKind.Empty, "The image is empty (0 bytes).");
        }

        var pin = encoded.Pin();
        SKData? data = null;
        SKCodec? codec = null;
        try
        {
            data = SKData.Create((IntPtr)pin.Pointer, encoded.Length);
            // The codec owns the stream; the stream reads the pinned bytes in place.
            codec = SKCodec.Create(new SKMemoryStream(data), out var result);
            if (codec is null)
            {
                throw new ImageDecodeException(
                    result == SKCodecResult.IncompleteInput ? ImageErrorKind.Truncated : ImageErrorKind.NotAnImage,
                    result == SKCodecResult.IncompleteInput
                        ? "The image is truncated: its header is incomplete."
                        : "The data is not an image in a supported format (JPEG, PNG, WebP, BMP, GIF).");
            }

            var info = codec.Info;
            if (info.Width <= 0 || info.Height <= 0)
            {
                throw new ImageDecodeException(ImageErrorKind.Corrupt, "The image declares no pixels.");
            }

            if ((long)info.Width * info.Height > limits.MaxPixels || info.Width > limits.MaxSide || info.Height > limits.MaxSide)
            {
                throw new ImageDecodeException(
                    ImageErrorKind.TooLarge,
                    $"The image declares {info.Width}x{info.Height} pixels; the limit is {limits.MaxPixels:N0} pixels and {limits.MaxSide} per side.");
            }

            return new ImageSource(encoded, pin, data, codec);
        }
        catch
        {
            codec?.Dispose();
            data?.Dispose();
            pin.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes the stored rows for an upright target of <paramref name="width"/> × <paramref name="height"/> into a
    /// pooled buffer. JPEGs are decoded at the 1/8 DCT scale <see cref="JpegDctScale"/> picks, so a 12 MP photo is
    /// rarely fully decoded just to be shrunk to a model's input, by TurboJPEG where it gives Skia's pixels
    /// (<see cref="TurboJpeg"/>). Resampling and turning upright are the caller's (<see cref="SeparableResampler"/>),
    /// by index mapping, without a rotated copy.
    /// </summary>
    public DecodedPixels DecodeFor(int width, int height, ResizeFilter filter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (Format == SKEncodedImageFormat.Jpeg)
        {
            return DecodeStored(JpegScaledSize(StoredWidth, StoredHeight, JpegDctScale(StoredWidth, StoredHeight, Origin, width, height, filter)));
        }

        var (storedTargetW, storedTargetH) = ImageOrientation.SwapsAxes(Origin) ? (height, width) : (width, height);
        var scale = Math.Max(storedTargetW / (float)StoredWidth, storedTargetH / (float)StoredHeight);
        var size = new SKSizeI(StoredWidth, StoredHeight);
        if (filter != ResizeFilter.Antialiased && scale < 1f)
        {
            // WebP scales while decoding, to any size: accepted only when it keeps at least the target in both axes.
            var scaled = _codec.GetScaledDimensions(scale);
            if (scaled.Width >= storedTargetW && scaled.Height >= storedTargetH && scaled.Width > 0 && scaled.Height > 0)
            {
                size = scaled;
            }
        }

        return DecodeStored(size);
    }

    private unsafe DecodedPixels DecodeStored(SKSizeI size)
    {
        if (4L * size.Width * size.Height > Array.MaxLength)
        {
            throw new ImageDecodeException(ImageErrorKind.TooLarge, $"The image's {size.Width}x{size.Height} pixels do not fit one buffer.");
        }

        var alpha = _codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var decoded = new DecodedPixels(DecodedPixels.Rent(size.Width, size.Height), size.Width, size.Height, alpha);
        try
        {
            if (Format == SKEncodedImageFormat.Jpeg
                && TurboJpeg.TryDecode(_encoded.Span, StoredWidth, StoredHeight, decoded.Pixels, size.Width, size.Height))
            {
                decoded.DecodedBy = ImageDecoder.TurboJpeg;
                return decoded;
            }

            // Decoding into sRGB makes Skia convert images that embed another ICC profile (Display P3, Adobe RGB).
            var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, alpha, Srgb);
            SKCodecResult result;
            fixed (byte* pixels = decoded.Pixels)
            {
                result = _codec.GetPixels(info, (IntPtr)pixels);
            }

            if (result == SKCodecResult.InvalidScale && size.Width != StoredWidth)
            {
                decoded.Dispose();
                return DecodeStored(new SKSizeI(StoredWidth, StoredHeight));
            }

            switch (result)
            {
                case SKCodecResult.Success:
                    return decoded;
                case SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput:
                    throw new ImageDecodeException(ImageErrorKind.Truncated, "The image data is truncated or damaged.");
                default:
                    throw new ImageDecodeException(ImageErrorKind.Corrupt, $"The image could not be decoded ({result}).");
            }
        }
        catch
        {
            decoded.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _codec.Dispose();
        _data.Dispose();
        _pin.Dispose();
    }
}
