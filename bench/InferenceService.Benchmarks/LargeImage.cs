using System.Globalization;
using SkiaSharp;

namespace InferenceService.Benchmarks;

/// <summary>Makes the big-photo load: a shared photo upscaled to e.g. 4000×3000 (12 MP), JPEG q90.</summary>
public static class LargeImage
{
    public static int Run(string[] args)
    {
        using var source = SKBitmap.Decode(args[0]);
        var width = int.Parse(args[2], CultureInfo.InvariantCulture);
        var height = int.Parse(args[3], CultureInfo.InvariantCulture);
        using var large = source.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var data = large.Encode(SKEncodedImageFormat.Jpeg, 90);
        File.WriteAllBytes(args[1], data.ToArray());
        Console.WriteLine(FormattableString.Invariant($"large image={args[1]} {width}x{height} bytes={data.Size}"));
        return 0;
    }
}
