namespace InferenceService.Imaging;

/// <summary>
/// Limits checked against the encoded header, before any pixel memory is allocated: Skia has no pixel
/// limit of its own, so a small file declaring 50 000 × 50 000 pixels would otherwise be decoded.
/// </summary>
public sealed record ImageLimits
{
    public long MaxPixels { get; init; } = 40_000_000;

    public int MaxSide { get; init; } = 30_000;
}
