using InferenceService.Imaging;
using InferenceService.Imaging.Resampling;
using SkiaSharp;

namespace InferenceService.UnitTests.Imaging.Reference;

/// <summary>
/// The decode-and-resize the service used before the fused writer (Skia canvas draws, rotated copies), kept as the
/// reference the fused writer is compared with: bilinear draw with mipmaps past 2×,
/// triangle resampler for the antialiased filter, and EXIF orientation by a rotated copy. The decode itself is the
/// service's (<see cref="ImageSource.DecodeFor"/>), so the comparison is of what the writers do with the rows.
/// </summary>
public sealed class ReferenceImage : IDisposable
{
    private readonly ImageSource _source;

    public ReferenceImage(byte[] encoded)
    {
        _source = ImageSource.Open(encoded, new ImageLimits());
        Origin = _source.Origin;
        Width = _source.Width;
        Height = _source.Height;
    }

    public int Width { get; }

    public int Height { get; }

    public SKEncodedOrigin Origin { get; }

    /// <summary>Whether the last bilinear resize reduced an axis past 2×, where the canvas path sampled mipmaps.</summary>
    public bool UsedMipmaps { get; private set; }

    /// <summary>Only <paramref name="window"/> (upright pixels) of the image resized to <paramref name="width"/> × <paramref name="height"/>.</summary>
    public SKBitmap DecodeResized(int width, int height, SKRectI window, ResizeFilter filter)
    {
        var swap = ImageOrientation.SwapsAxes(Origin);
        var storedTargetW = swap ? height : width;
        var storedTargetH = swap ? width : height;
        var storedWindow = ImageOrientation.ToStored(window, Origin, storedTargetW, storedTargetH);
        var whole = storedWindow == SKRectI.Create(storedTargetW, storedTargetH);
        UsedMipmaps = false;
        var decoded = DecodeStored(width, height, filter);
        SKBitmap resized;
        if (whole && decoded.Width == storedTargetW && decoded.Height == storedTargetH)
        {
            resized = decoded;
        }
        else
        {
            using (decoded)
            {
                resized = filter == ResizeFilter.Antialiased
                    ? ReferenceTriangleResampler.Resize(decoded, storedTargetW, storedTargetH, storedWindow, CancellationToken.None)
                    : Resize(decoded, storedTargetW, storedTargetH, storedWindow);
            }
        }

        return ReferenceOrientation.ToUpright(resized, Origin);
    }

    /// <summary>The service's own decode (DCT scale, ICC, alpha), copied into a bitmap: the comparison is of what follows.</summary>
    private SKBitmap DecodeStored(int width, int height, ResizeFilter filter)
    {
        using var decoded = _source.DecodeFor(width, height, filter);
        var bitmap = new SKBitmap(new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, decoded.AlphaType, SKColorSpace.CreateSrgb()));
        decoded.Pixels.CopyTo(bitmap.GetPixelSpan());
        return bitmap;
    }

    private SKBitmap Resize(SKBitmap source, int width, int height, SKRectI window)
    {
        var reduction = Math.Max(source.Width / (float)width, source.Height / (float)height);
        UsedMipmaps = reduction > 2f;
        var sampling = reduction > 2f
            ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
            : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);
        var target = new SKBitmap(new SKImageInfo(window.Width, window.Height, SKColorType.Rgba8888, source.AlphaType, source.ColorSpace));
        using var canvas = new SKCanvas(target);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, SKRect.Create(-window.Left, -window.Top, width, height), sampling);
        return target;
    }

    public void Dispose() => _source.Dispose();
}
