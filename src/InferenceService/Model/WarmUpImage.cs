using SkiaSharp;

namespace InferenceService.Model;

/// <summary>
/// A small synthetic JPEG pushed through the whole pipeline before /ping turns 200, so the first real
/// request pays neither JIT nor ONNX Runtime's first-run allocations.
/// </summary>
public static class WarmUpImage
{
    public static byte[] Create(int width = 640, int height = 480)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var paint = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.SteelBlue, SKColors.Orange], SKShaderTileMode.Clamp) };
            canvas.DrawRect(0, 0, width, height, paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }
}
