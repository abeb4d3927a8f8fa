using System.Globalization;
using SkiaSharp;

namespace InferenceService.Imaging.Rendering;

public enum AnnotatedImageFormat
{
    Jpeg,
    Png,
}

/// <summary>
/// Draws detections (class-coloured boxes with a filled "name 87%" label kept inside the image) or, for
/// annotations without a box, a top banner, onto the upright image and encodes the result. Thread-safe: the
/// typeface is shared, everything else is per call. Line width and text size follow the image size so the
/// drawing reads the same on a thumbnail and on a 12 MP photo.
/// </summary>
public sealed class AnnotationRenderer(SKTypeface typeface, int jpegQuality = 90) : IDisposable
{
    /// <summary>
    /// A default <see cref="SKPngEncoderOptions"/> struct is zlib level 0 (stored: a 16 MP answer is 48 MB), and
    /// Skia's own default (every filter, level 6) took 4 s for a 5 MP photo. Paeth at level 1 took 0.6 s for an
    /// answer 17 % larger than level 6 and half the size of level 0; speed matters more, as encoding holds a worker.
    /// </summary>
    private static readonly SKPngEncoderOptions PngOptions = new(SKPngEncoderFilterFlags.Paeth, zLibLevel: 1);

    public SKTypeface Typeface { get; } = typeface;

    public byte[] Render(SKBitmap upright, IReadOnlyList<Annotation> annotations, AnnotatedImageFormat format)
    {
        using var canvas = new SKCanvas(upright);
        var shorter = Math.Min(upright.Width, upright.Height);
        var stroke = Math.Max(2f, MathF.Round(shorter / 200f));
        using var font = new SKFont(Typeface, Math.Max(11f, shorter / 32f)) { Edging = SKFontEdging.Antialias };
        using var boxPaint = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = stroke, IsAntialias = false };
        using var fillPaint = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = false };
        using var textPaint = new SKPaint { Color = SKColors.White, IsAntialias = true };

        // Drawn worst first, so where tags overlap the best-scoring one stays readable on top.
        for (var i = annotations.Count - 1; i >= 0; i--)
        {
            var a = annotations[i];
            if (a.Box is not { } box)
            {
                continue;
            }

            var color = AnnotationPalette.For(a.ColorKey);
            boxPaint.Color = color;
            fillPaint.Color = color;
            var rect = new SKRect(box.X1, box.Y1, box.X2, box.Y2);
            canvas.DrawRect(rect, boxPaint);
            DrawLabel(canvas, font, fillPaint, textPaint, Caption(a), rect, upright.Width, upright.Height, stroke);
        }

        // Classifiers: the top-1 label (annotations arrive best first).
        if (annotations.FirstOrDefault(a => a.Box is null) is { } top)
        {
            fillPaint.Color = AnnotationPalette.For(top.ColorKey);
            DrawLabel(canvas, font, fillPaint, textPaint, Caption(top), new SKRect(0, 0, upright.Width, 0), upright.Width, upright.Height, 0);
        }

        canvas.Flush();
        using var pixmap = upright.PeekPixels();
        using var data = format == AnnotatedImageFormat.Png
            ? pixmap.Encode(PngOptions)
            : pixmap.Encode(new SKJpegEncoderOptions(jpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
        return data?.ToArray() ?? throw new InvalidOperationException($"SkiaSharp could not encode the annotated image as {format}.");
    }

    public static string Caption(Annotation a) =>
        $"{a.Label} {Math.Round(a.Score * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)}%";

    /// <summary>
    /// A filled tag above the box's top-left corner, moved inside the box when there is no room above and
    /// shifted left/clamped so the whole tag stays within the image.
    /// </summary>
    private static void DrawLabel(SKCanvas canvas, SKFont font, SKPaint fill, SKPaint text, string caption, SKRect box, int width, int height, float stroke)
    {
        var metrics = font.Metrics;
        var pad = MathF.Ceiling(font.Size * 0.2f);
        var textWidth = font.MeasureText(caption);
        var tagWidth = Math.Min(textWidth + 2 * pad, width);
        var tagHeight = Math.Min(MathF.Ceiling(metrics.Descent - metrics.Ascent) + 2 * pad, height);
        var left = Math.Clamp(box.Left - stroke / 2, 0, width - tagWidth);
        var top = box.Top - stroke / 2 - tagHeight;
        if (top < 0)
        {
            top = Math.Max(0, box.Top + stroke / 2);
        }

        top = Math.Min(top, height - tagHeight);
        var tag = new SKRect(left, top, left + tagWidth, top + tagHeight);
        canvas.DrawRect(tag, fill);
        canvas.Save();
        canvas.ClipRect(tag);
        canvas.DrawText(caption, left + pad, top + pad - metrics.Ascent, SKTextAlign.Left, font, text);
        canvas.Restore();
    }

    public void Dispose() => Typeface.Dispose();
}
