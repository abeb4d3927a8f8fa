namespace InferenceService.Inference.Postprocessing;

/// <summary>One detected object: the model's class id, its score and a corner box (x1, y1, x2, y2).</summary>
public record struct Detection(int ClassId, float Score, float X1, float Y1, float X2, float Y2)
{
    public readonly float Area => Math.Max(0f, X2 - X1) * Math.Max(0f, Y2 - Y1);

    public static float IoU(in Detection a, in Detection b)
    {
        var ix = Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1);
        var iy = Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1);
        if (ix <= 0 || iy <= 0)
        {
            return 0f;
        }

        var inter = ix * iy;
        var union = a.Area + b.Area - inter;
        return union <= 0 ? 0f : inter / union;
    }
}
