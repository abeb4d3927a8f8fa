using InferenceService.Inference.Labels;
using InferenceService.Inference.Preprocessing;

namespace InferenceService.Inference.Postprocessing;

/// <summary>Brings a detector's boxes from tensor pixels back to the upright image the client sent.</summary>
public static class BoxMapping
{
    /// <summary>
    /// Maps every box through <paramref name="geometry"/> in place, dropping the classes the filter rejects and the
    /// boxes that collapse once clamped to the image (they lay wholly in the letterbox padding). Boxes a graph already
    /// gave in image pixels (<paramref name="inImagePixels"/>) are only clamped.
    /// </summary>
    public static void ToImage(List<Detection> detections, in InputGeometry geometry, LabelSet labels, IReadOnlySet<string>? wanted, bool inImagePixels = false)
    {
        var kept = 0;
        for (var i = 0; i < detections.Count; i++)
        {
            var d = detections[i];
            if (!ClassFilter.Keeps(wanted, labels, d.ClassId))
            {
                continue;
            }

            var mapped = inImagePixels
                ? d with
                {
                    X1 = Math.Clamp(d.X1, 0f, geometry.SourceWidth),
                    Y1 = Math.Clamp(d.Y1, 0f, geometry.SourceHeight),
                    X2 = Math.Clamp(d.X2, 0f, geometry.SourceWidth),
                    Y2 = Math.Clamp(d.Y2, 0f, geometry.SourceHeight),
                }
                : d with
                {
                    X1 = geometry.ToSourceX(d.X1),
                    Y1 = geometry.ToSourceY(d.Y1),
                    X2 = geometry.ToSourceX(d.X2),
                    Y2 = geometry.ToSourceY(d.Y2),
                };
            if (mapped.X2 > mapped.X1 && mapped.Y2 > mapped.Y1)
            {
                detections[kept++] = mapped;
            }
        }

        detections.RemoveRange(kept, detections.Count - kept);
    }
}
