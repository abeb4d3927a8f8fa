using System.Diagnostics;
using System.Globalization;
using InferenceService.Imaging;
using InferenceService.Inference.Preprocessing;

namespace InferenceService.Benchmarks;

/// <summary>
/// CPU time of the part no server can skip: JPEG decode (at reduced DCT scale) into a pooled buffer, then the
/// fused resize + orientation + normalisation pass into the tensor (what a request does), for the model's input
/// geometry. Together with the ceiling's CPU per Run it bounds the service's CPU per request.
/// It also prints the DCT scale the JPEG is decoded at (<c>dct_scale=M/8</c>, <see cref="ImageSource.JpegDctScale"/>),
/// the scale <c>tjbench</c> is run at for the same work, and which decoder decoded it (<c>decoder=TurboJpeg</c> or Skia).
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

        // Warm for two seconds, not a count: tiered JIT recompiles the hot loops only after calls and a delay, and
        // its background thread counts in the process's CPU, which a running service no longer pays.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(2))
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
        var g = preprocessor.GeometryFor(opened);
        var scale = ImageSource.JpegDctScale(opened.StoredWidth, opened.StoredHeight, opened.Origin, g.ResizedWidth, g.ResizedHeight, plan.Preprocess.Filter);
        using var decoded = opened.DecodeFor(g.ResizedWidth, g.ResizedHeight, plan.Preprocess.Filter);
        Console.WriteLine(FormattableString.Invariant(
            $"decode image={Path.GetFileName(args[1])} cpu_ms_per_image={cpu / iterations:0.00} dct_scale={scale}/8 decoder={decoded.DecodedBy}"));
        return 0;
    }
}
