namespace InferenceService.Imaging.Rendering;

/// <summary>
/// The size an annotated image is drawn at: the upright image itself, or, when it has more than the allowed
/// pixels, the largest same-aspect size within them. Bounding the output bounds the decoded bitmap, the drawing
/// and the encoded answer alike (a 5 KB PNG can declare 40 MP, which a lossless encoder returns as 100+ MB).
/// </summary>
public readonly record struct AnnotationCanvas(int Width, int Height, double Scale)
{
    public bool IsScaled => Scale < 1;

    public static AnnotationCanvas Fit(int width, int height, long maxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        if ((long)width * height <= maxPixels)
        {
            return new AnnotationCanvas(width, height, 1);
        }

        var scale = Math.Sqrt(maxPixels / ((double)width * height));
        return new AnnotationCanvas(Math.Max(1, (int)(width * scale)), Math.Max(1, (int)(height * scale)), scale);
    }

    /// <summary>A box in upright-image pixels, in this canvas's pixels.</summary>
    public AnnotationBox Map(AnnotationBox box) => IsScaled
        ? new AnnotationBox((float)(box.X1 * Scale), (float)(box.Y1 * Scale), (float)(box.X2 * Scale), (float)(box.Y2 * Scale))
        : box;
}
