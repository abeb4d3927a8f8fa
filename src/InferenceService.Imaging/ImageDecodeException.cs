namespace InferenceService.Imaging;

/// <summary>Why an upload could not be turned into pixels; the host maps each kind to a 4xx problem.</summary>
public enum ImageErrorKind
{
    Empty,
    NotAnImage,
    Truncated,
    Corrupt,
    TooLarge,
}

public sealed class ImageDecodeException(ImageErrorKind kind, string message) : Exception(message)
{
    public ImageErrorKind Kind { get; } = kind;
}
