using InferenceService.Imaging;
using InferenceService.Imaging.Rendering;
using InferenceService.Inference.Families;
using InferenceService.Inference.Labels;
using InferenceService.Inference.Pipeline;

namespace InferenceService.Features.AnnotatedImages;

/// <summary>An encoded annotated image and the canvas it was drawn on (its scale from the upright image).</summary>
public sealed record AnnotatedImageBytes(byte[] Encoded, AnnotationCanvas Canvas);

/// <summary>Turns one prediction into the annotations the renderer draws and renders them over the upright image.</summary>
public static class AnnotatedImage
{
    /// <summary>Set on an annotated answer drawn smaller than the upload: the factor from upright-image pixels to its pixels.</summary>
    public const string ScaleHeader = "X-Annotation-Scale";

    /// <summary>
    /// Draws the prediction over the request's image, opened once for the prediction and handed on here (its header
    /// and limits were checked then). The pixels are decoded a second time from that source: the model saw them at
    /// its input size (a JPEG at a DCT scale), the drawing needs them upright at most <paramref name="maxPixels"/>
    /// large, again at a DCT scale where that suffices, so a huge photo never exists at full size.
    /// </summary>
    public static AnnotatedImageBytes Render(
        AnnotationRenderer renderer, ImageSource source, long maxPixels, PredictionResult result, LabelSet labels,
        AnnotatedImageFormat format, CancellationToken cancellationToken)
    {
        var canvas = AnnotationCanvas.Fit(source.Width, source.Height, maxPixels);
        using var upright = source.DecodeUpright(canvas.Width, canvas.Height, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return new AnnotatedImageBytes(renderer.Render(upright, ToAnnotations(result, labels, canvas), format), canvas);
    }

    /// <summary>Detections as boxes; a classifier's classes, best first, without a box (the renderer puts the top-1 in a banner).</summary>
    public static IReadOnlyList<Annotation> ToAnnotations(PredictionResult result, LabelSet labels, AnnotationCanvas canvas) =>
        result.Task == ModelTask.Classification
            ? result.Classifications.Select(c => new Annotation(labels.NameOf(c.ClassId), c.Probability, c.ClassId)).ToArray()
            : result.Detections.Select(d => new Annotation(labels.NameOf(d.ClassId), d.Score, d.ClassId, canvas.Map(new AnnotationBox(d.X1, d.Y1, d.X2, d.Y2)))).ToArray();
}
