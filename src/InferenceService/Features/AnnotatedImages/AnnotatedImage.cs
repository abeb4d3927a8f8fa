using InferenceService.Imaging;
using InferenceService.Imaging.Rendering;
using InferenceService.Inference.Families;
using InferenceService.Inference.Labels;
using InferenceService.Inference.Pipeline;

namespace InferenceService.Features.AnnotatedImages;

/// <summary>Turns one prediction into the annotations the renderer draws and renders them over the upright image.</summary>
public static class AnnotatedImage
{
    public static byte[] Render(AnnotationRenderer renderer, ReadOnlyMemory<byte> image, ImageLimits limits, PredictionResult result, LabelSet labels, AnnotatedImageFormat format)
    {
        using var source = ImageSource.Open(image, limits);
        using var upright = source.DecodeUpright();
        return renderer.Render(upright, ToAnnotations(result, labels), format);
    }

    /// <summary>Detections as boxes; a classifier's classes, best first, without a box (the renderer puts the top-1 in a banner).</summary>
    public static IReadOnlyList<Annotation> ToAnnotations(PredictionResult result, LabelSet labels) =>
        result.Task == ModelTask.Classification
            ? result.Classifications.Select(c => new Annotation(labels.NameOf(c.ClassId), c.Probability, c.ClassId)).ToArray()
            : result.Detections.Select(d => new Annotation(labels.NameOf(d.ClassId), d.Score, d.ClassId, new AnnotationBox(d.X1, d.Y1, d.X2, d.Y2))).ToArray();
}
