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

    public static IReadOnlyList<Annotation> ToAnnotations(PredictionResult result, LabelSet labels) =>
        result.Detections
            .Select(d => new Annotation(labels.NameOf(d.ClassId), d.Score, d.ClassId,
                result.Task == ModelTask.Detection ? new AnnotationBox(d.X1, d.Y1, d.X2, d.Y2) : null))
            .ToArray();
}
