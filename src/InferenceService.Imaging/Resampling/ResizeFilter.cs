namespace InferenceService.Imaging.Resampling;

/// <summary>How a decoded image is reduced to the model's input size.</summary>
public enum ResizeFilter
{
    /// <summary>
    /// 1/8-step JPEG DCT scaling, then 2×2-tap bilinear (triangle taps on an axis reduced past 2×): OpenCV's
    /// <c>INTER_LINEAR</c>, which YOLOX and Ultralytics trained with.
    /// </summary>
    Bilinear,

    /// <summary>
    /// Power-of-two JPEG shrink-on-load, then a triangle filter whose support grows with the reduction, as PIL's
    /// <c>resize(BILINEAR)</c> (torchvision training) and libvips/sharp do: no aliasing on large reductions.
    /// </summary>
    Antialiased,
}
