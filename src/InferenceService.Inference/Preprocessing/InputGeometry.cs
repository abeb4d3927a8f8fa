namespace InferenceService.Inference.Preprocessing;

/// <summary>
/// How the upright source image was placed in the input tensor: the resized size, where it landed and which
/// part of it was cropped. Maps boxes from tensor pixels back to source pixels.
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
                // Ultralytics' LetterBox: rounded size, padding split with round(d ∓ 0.1).
                var r = Math.Min(spec.Width / (double)sourceWidth, spec.Height / (double)sourceHeight);
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
                // torchvision Resize(int): shorter side to S, longer side int(S · long / short).
                int w, h;
                if (sourceWidth <= sourceHeight)
                {
                    w = spec.ResizeShorterSide;
                    h = (int)(spec.ResizeShorterSide * (long)sourceHeight / sourceWidth);
                }
                else
                {
                    h = spec.ResizeShorterSide;
                    w = (int)(spec.ResizeShorterSide * (long)sourceWidth / sourceHeight);
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
                return new(sourceWidth, sourceHeight, w, h, w, h, w / (float)sourceWidth, h / (float)sourceHeight, 0, 0, 0, 0);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.Resize, "Unknown resize mode.");
        }
    }

    /// <summary>Maps an x coordinate in tensor pixels to source pixels, clipped to the image.</summary>
    public float ToSourceX(float x) => Math.Clamp((x - OffsetX) / ScaleX, 0f, SourceWidth);

    public float ToSourceY(float y) => Math.Clamp((y - OffsetY) / ScaleY, 0f, SourceHeight);
}
