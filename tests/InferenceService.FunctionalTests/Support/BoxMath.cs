namespace InferenceService.FunctionalTests.Support;

public static class BoxMath
{
    /// <summary>Intersection over union of two corner boxes.</summary>
    public static double IoU(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var ix = Math.Min(a[2], b[2]) - Math.Max(a[0], b[0]);
        var iy = Math.Min(a[3], b[3]) - Math.Max(a[1], b[1]);
        if (ix <= 0 || iy <= 0)
        {
            return 0;
        }

        double inter = ix * iy;
        return inter / (((a[2] - a[0]) * (a[3] - a[1])) + ((b[2] - b[0]) * (b[3] - b[1])) - inter);
    }
}
