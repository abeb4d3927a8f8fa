namespace InferenceService.Features.AnnotatedImages;

/// <summary>How annotated images (Accept: image/jpeg or image/png) are drawn and encoded.</summary>
public sealed class AnnotationOptions
{
    public const string Section = "Annotation";

    /// <summary>A TTF for the labels (ANNOTATION_FONT); unset: DejaVu Sans from the system, else the shipped copy.</summary>
    public string? FontPath { get; set; }

    /// <summary>JPEG quality 1–100 (JPEG_QUALITY).</summary>
    public int JpegQuality { get; set; } = 90;

    /// <summary>
    /// Most pixels of an annotated answer (ANNOTATION_MAX_PIXELS); larger uploads are drawn downscaled to fit, which
    /// bounds the memory, CPU and bytes one annotated request costs.
    /// </summary>
    public long MaxPixels { get; set; } = 16_000_000;
}
