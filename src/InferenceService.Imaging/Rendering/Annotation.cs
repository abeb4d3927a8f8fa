namespace InferenceService.Imaging.Rendering;

/// <summary>A corner box (x1, y1, x2, y2) in pixels of the upright image.</summary>
public readonly record struct AnnotationBox(float X1, float Y1, float X2, float Y2);

/// <summary>
/// One thing to draw: a label with its score, and a box for detections. Without a box (classifiers) the
/// label goes into a banner at the top of the image. <paramref name="ColorKey"/> picks the colour (the class id),
/// so one class keeps its colour across images.
/// </summary>
public sealed record Annotation(string Label, float Score, int ColorKey, AnnotationBox? Box = null);
