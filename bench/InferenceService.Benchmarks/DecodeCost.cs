using System.Diagnostics;
using System.Globalization;
using InferenceService.Imaging;
using InferenceService.Inference.Preprocessing;
using SkiaSharp;

namespace InferenceService.Benchmarks;

/// <summary>
/// CPU time of the part no server can skip: JPEG decode (at reduced DCT scale) into a pooled buffer, then the
/// fused resize + orientation + normalisation pass into the tensor (what a request does), for the model's input
/// geometry. Together with the ceiling's CPU per Run it bounds the service's CPU per request.
/// It also prints the DCT scale the JPEG is decoded at (<c>dct_scale=M/8</c>), the scale <c>tjbench</c> is run at
/// for the same work.
/// </summary>
public static class DecodeCost
{
    public static int Run(string[] args)
    {
        var modelDir = args[0];
        var image = File.ReadAllBytes(args[1]);
        var iterations = int.Parse(args[2], CultureInfo.InvariantCulture);
        var (session, plan) = BenchModel.Open(modelDir, intraOpThreads: 1);
        session.Dispose();
        var preprocessor = new ImagePreprocessor(plan.Preprocess);
        float[]? tensor = null;

        void Once()
        {
            using var source = ImageSource.Open(image, new ImageLimits());
            var geometry = preprocessor.GeometryFor(source);
            tensor ??= new float[preprocessor.ElementCount(geometry)];
            preprocessor.WriteFloat(source, geometry, tensor);
        }

        for (var i = 0; i < 20; i++)
        {
            Once();
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            Once();
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
        using var opened = ImageSource.Open(image, new ImageLimits());
        var scale = DctScale(image, preprocessor.GeometryFor(opened));
        Console.WriteLine(FormattableString.Invariant(
            $"decode image={Path.GetFileName(args[1])} cpu_ms_per_image={cpu / iterations:0.00} dct_scale={scale}/8"));
        return 0;
    }

    /// <summary>
    /// The M of the M/8 scale libjpeg decodes at for a bilinear resize, chosen as <c>ImageSource.DecodeResized</c>
    /// chooses it: Skia's nearest eighth to the exact scale, or a full decode (8) when that eighth falls short of
    /// the resized size. Mirrors that rule (the library does not expose it); upright = stored axes here.
    /// </summary>
    private static int DctScale(byte[] image, in InputGeometry geometry)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(image));
        var full = codec.Info.Size;
        var scale = Math.Max(geometry.ResizedWidth / (float)full.Width, geometry.ResizedHeight / (float)full.Height);
        var scaled = scale < 1f ? codec.GetScaledDimensions(scale) : full;
        var covers = scaled.Width >= geometry.ResizedWidth && scaled.Height >= geometry.ResizedHeight;
        return covers ? (int)Math.Ceiling(8.0 * scaled.Width / full.Width) : 8;
    }
}
