namespace InferenceService.Features.AnnotatedImages;

/// <summary>How annotated images (Accept: image/jpeg or image/png) are drawn and encoded.</summary>
public sealed class AnnotationOptions
{
    public const string Section = "Annotation";

    /// <summary>A TTF for the labels (ANNOTATION_FONT); unset: DejaVu Sans from the system, else the shipped copy.</summary>
    public string? FontPath { get; set; }

    /// <summary>JPEG quality 1–100 (JPEG_QUALITY).</summary>
    public int JpegQuality { get; set; } = 90;
}
