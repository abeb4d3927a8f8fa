using InferenceService.Imaging.Resampling;

namespace InferenceService.Inference.Preprocessing;

public enum TensorLayout
{
    Nchw,
    Nhwc,
}

public enum ColorOrder
{
    Rgb,
    Bgr,
}

public enum InputElementType
{
    Float32,
    UInt8,
}

public enum ResizeMode
{
    /// <summary>Aspect kept, image at the top-left of the canvas, the rest padded (YOLOX).</summary>
    LetterboxTopLeft,

    /// <summary>Aspect kept, image centred, padded around (Ultralytics).</summary>
    LetterboxCenter,

    /// <summary>Both axes scaled to the input size, aspect not kept (DETR exports).</summary>
    Stretch,

    /// <summary>Shorter side to <see cref="PreprocessSpec.ResizeShorterSide"/>, then a centre crop (ImageNet).</summary>
    ShorterSideCenterCrop,

    /// <summary>The image's own size, for graphs that resize themselves (TF OD API, torchvision).</summary>
    Original,
}

/// <summary>
/// Everything needed to turn an upright sRGB image into the model's input tensor. Values are written as
/// <c>(pixel · Scale − Mean[c]) / Std[c]</c>, with <see cref="Mean"/> and <see cref="Std"/> given in RGB order
/// whatever the tensor's channel order.
/// </summary>
public sealed record PreprocessSpec
{
    /// <summary>Tensor width; 0 with <see cref="ResizeMode.Original"/> means the image's own.</summary>
    public int Width { get; init; }

    public int Height { get; init; }

    public TensorLayout Layout { get; init; } = TensorLayout.Nchw;

    /// <summary>False for rank-3 inputs such as torchvision's <c>[3, H, W]</c>.</summary>
    public bool HasBatchDimension { get; init; } = true;

    public InputElementType ElementType { get; init; } = InputElementType.Float32;

    public ColorOrder ColorOrder { get; init; } = ColorOrder.Rgb;

    public ResizeMode Resize { get; init; } = ResizeMode.LetterboxTopLeft;

    /// <summary>The filter that matches the model's training resize: OpenCV bilinear for detectors, PIL's antialiased for torchvision-style classifiers.</summary>
    public ResizeFilter Filter { get; init; } = ResizeFilter.Bilinear;

    /// <summary>Pad value in raw pixel units (0–255), normalised like a pixel.</summary>
    public float PadValue { get; init; } = 114f;

    /// <summary>
    /// With <see cref="ResizeMode.LetterboxCenter"/>: pixels of the canvas the image is not fitted into, so that a
    /// band of padding always surrounds it (YOLO-NAS fits 636 in 640, 412 in 416).
    /// </summary>
    public int LetterboxInset { get; init; }

    public float Scale { get; init; } = 1f;

    public float[] Mean { get; init; } = [0f, 0f, 0f];

    public float[] Std { get; init; } = [1f, 1f, 1f];

    /// <summary>With <see cref="ResizeMode.ShorterSideCenterCrop"/>: the shorter side before cropping.</summary>
    public int ResizeShorterSide { get; init; } = 256;

    /// <summary>With <see cref="ResizeMode.Original"/>: larger images are shrunk so their longer side is this.</summary>
    public int MaxSide { get; init; } = 1024;

    public string Describe() =>
        $"{Resize}{(Resize == ResizeMode.ShorterSideCenterCrop ? $" (shorter side {ResizeShorterSide})" : "")} to {(Width > 0 ? $"{Width}x{Height}" : $"original size (max side {MaxSide})")} ({Filter}), {ColorOrder}, {ElementType} {Layout}"
        + (HasBatchDimension ? "" : " (no batch dimension)")
        + (ElementType == InputElementType.Float32
            ? $", scale {Scale:G4}, mean [{string.Join(", ", Mean)}], std [{string.Join(", ", Std)}]"
            : "")
        + (Resize is ResizeMode.LetterboxTopLeft or ResizeMode.LetterboxCenter ? $", pad {PadValue}" : "")
        + (LetterboxInset > 0 && Resize == ResizeMode.LetterboxCenter ? $", fitted to {Width - LetterboxInset}x{Height - LetterboxInset}" : "");
}
