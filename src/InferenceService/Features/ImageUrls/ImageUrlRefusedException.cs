namespace InferenceService.Features.ImageUrls;

/// <summary>Why an image URL was not fetched, with the status the problem answer carries (400 or 422).</summary>
public sealed class ImageUrlRefusedException(int status, string message, bool disabled = false) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>URLs are switched off altogether (the problem says how to enable them).</summary>
    public bool Disabled { get; } = disabled;
}
