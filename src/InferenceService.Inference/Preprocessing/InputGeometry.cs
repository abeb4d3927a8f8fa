using SkiaSharp;

namespace InferenceService.Inference.Preprocessing;

/// <summary>
/// How the upright source image was placed in the input tensor: the resized size, where it landed and which
/// part of it was cropped. Maps boxes from tensor pixels back to source pixels. The resized size is a scale,
/// not an allocation: only <see cref="Visible"/> is ever resampled.
/// </summary>
public readonly record struct InputGeometry(
    int SourceWidth,
    int SourceHeight,
    int TensorWidth,
    int TensorHeight,
    int ResizedWidth,
    int ResizedHeight,
    float ScaleX,
    float ScaleY,
    int OffsetX,
    int OffsetY,
    int CropX,
    int CropY)
{
    /// <summary>
    /// With <see cref="ResizeMode.Original"/>, the longest the tensor may be for its width or height: more extreme
    /// images are padded. Wide enough that no photo, panoramas included, is touched.
    /// </summary>
    public const int MaxOriginalAspect = 32;

    public static InputGeometry For(PreprocessSpec spec, int sourceWidth, int sourceHeight)
    {
        switch (spec.Resize)
        {
            case ResizeMode.LetterboxTopLeft:
            {
                // YOLOX's own arithmetic: r = min(W/w, H/h), size = int(w·r) (truncation, as its training did).
                var r = Math.Min(spec.Width / (double)sourceWidth, spec.Height / (double)sourceHeight);
                var w = Math.Clamp((int)(sourceWidth * r), 1, spec.Width);
                var h = Math.Clamp((int)(sourceHeight * r), 1, spec.Height);
                return new(sourceWidth, sourceHeight, spec.Width, spec.Height, w, h, (float)r, (float)r, 0, 0, 0, 0);
            }

            case ResizeMode.LetterboxCenter:
            {
                // Ultralytics' LetterBox: rounded size, padding split with round(d ∓ 0.1). For the half-pixel halves a
                // whole-pixel size leaves, that equals super-gradients' floor(d), so YOLO-NAS only adds the inset.
                var fitW = Math.Max(1, spec.Width - spec.LetterboxInset);
                var fitH = Math.Max(1, spec.Height - spec.LetterboxInset);
                var r = Math.Min(fitW / (double)sourceWidth, fitH / (double)sourceHeight);
                var w = Math.Clamp((int)Math.Round(sourceWidth * r), 1, spec.Width);
                var h = Math.Clamp((int)Math.Round(sourceHeight * r), 1, spec.Height);
                var left = (int)Math.Round((spec.Width - w) / 2.0 - 0.1);
                var top = (int)Math.Round((spec.Height - h) / 2.0 - 0.1);
                return new(sourceWidth, sourceHeight, spec.Width, spec.Height, w, h, (float)r, (float)r, left, top, 0, 0);
            }

            case ResizeMode.Stretch:
                return new(sourceWidth, sourceHeight, spec.Width, spec.Height, spec.Width, spec.Height,
                    spec.Width / (float)sourceWidth, spec.Height / (float)sourceHeight, 0, 0, 0, 0);

            case ResizeMode.ShorterSideCenterCrop:
            {
                // torchvision Resize(int): shorter side to S, longer side int(S · long / short), saturated so that a
                // manifest's large S on a 1-pixel-wide image cannot wrap around.
                int w, h;
                if (sourceWidth <= sourceHeight)
                {
                    w = spec.ResizeShorterSide;
                    h = (int)Math.Min(int.MaxValue, spec.ResizeShorterSide * (long)sourceHeight / sourceWidth);
                }
                else
                {
                    h = spec.ResizeShorterSide;
                    w = (int)Math.Min(int.MaxValue, spec.ResizeShorterSide * (long)sourceWidth / sourceHeight);
                }

                w = Math.Max(w, spec.Width);
                h = Math.Max(h, spec.Height);
                var cropX = (int)Math.Round((w - spec.Width) / 2.0);
                var cropY = (int)Math.Round((h - spec.Height) / 2.0);
                return new(sourceWidth, sourceHeight, spec.Width, spec.Height, w, h,
                    w / (float)sourceWidth, h / (float)sourceHeight, -cropX, -cropY, cropX, cropY);
            }

            case ResizeMode.Original:
            {
                var longer = Math.Max(sourceWidth, sourceHeight);
                var s = longer > spec.MaxSide ? spec.MaxSide / (double)longer : 1.0;
                var w = Math.Max(1, (int)Math.Round(sourceWidth * s));
                var h = Math.Max(1, (int)Math.Round(sourceHeight * s));
                // Such graphs scale the longer side to their own size (416, 1333) and fail on a zero scale once the
                // shorter side rounds to 0 (a 1024x2 input already does): pad the image, top-left, to a bounded ratio.
                var tensorW = Math.Max(w, (h + MaxOriginalAspect - 1) / MaxOriginalAspect);
                var tensorH = Math.Max(h, (w + MaxOriginalAspect - 1) / MaxOriginalAspect);
                return new(sourceWidth, sourceHeight, tensorW, tensorH, w, h, w / (float)sourceWidth, h / (float)sourceHeight, 0, 0, 0, 0);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Resize, "Unknown resize mode.");
        }
    }

    /// <summary>
    /// The part of the resized image that lands in the tensor, in resized pixels: all of it when letterboxed or
    /// stretched, the centre crop when cropped. Its cost, not the resized size's, is what preprocessing pays.
    /// </summary>
    public SKRectI Visible => new(
        Math.Max(0, -OffsetX),
        Math.Max(0, -OffsetY),
        (int)Math.Min(ResizedWidth, (long)TensorWidth - OffsetX),
        (int)Math.Min(ResizedHeight, (long)TensorHeight - OffsetY));

    /// <summary>Maps an x coordinate in tensor pixels to source pixels, clipped to the image.</summary>
    public float ToSourceX(float x) => Math.Clamp((x - OffsetX) / ScaleX, 0f, SourceWidth);

    public float ToSourceY(float y) => Math.Clamp((y - OffsetY) / ScaleY, 0f, SourceHeight);
}
