using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using InferenceService.Imaging;
using InferenceService.Inference.Families;
using InferenceService.Inference.Preprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Benchmarks;

/// <summary>
/// The physical limit the service is measured against: <c>InferenceSession.Run</c> alone, on an input prepared
/// once, with the service's own session options, at 1..N concurrent callers. Prints key=value lines.
/// </summary>
public static class Ceiling
{
    public static int Run(string[] args)
    {
        var modelDir = args[0];
        var image = File.ReadAllBytes(args[1]);
        var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
        var (session, plan) = BenchModel.Open(modelDir);
        using var _ = session;
        var input = Prepare(plan, image, out var shape);
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        string[] inputNames = [plan.InputName];
        var outputNames = plan.Decoder.OutputNames;

        void RunOnce()
        {
            using var outputs = session.Run(runOptions, inputNames, [value], outputNames);
        }

        for (var i = 0; i < 10; i++)
        {
            RunOnce();
        }

        foreach (var c in args[3..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)))
        {
            var latencies = new List<double>[c];
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var deadline = TimeSpan.FromSeconds(seconds);
            var threads = Enumerable.Range(0, c).Select(t =>
            {
                latencies[t] = [];
                var thread = new Thread(() =>
                {
                    while (clock.Elapsed < deadline)
                    {
                        var start = Stopwatch.GetTimestamp();
                        RunOnce();
                        latencies[t].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                });
                thread.Start();
                return thread;
            }).ToList();
            threads.ForEach(t => t.Join());
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            Console.WriteLine(FormattableString.Invariant(
                $"ceiling c={c} runs={all.Length} rps={all.Length / elapsed:0.00} p50={Percentile(all, 50):0.00} p99={Percentile(all, 99):0.00} cpu_ms_per_run={cpu / all.Length:0.00}"));
        }

        return 0;
    }

    private static float[] Prepare(ModelPlan plan, byte[] image, out long[] shape)
    {
        using var source = ImageSource.Open(image, new ImageLimits());
        var preprocessor = new ImagePreprocessor(plan.Preprocess);
        var geometry = preprocessor.GeometryFor(source);
        var tensor = new float[preprocessor.ElementCount(geometry)];
        preprocessor.WriteFloat(source, geometry, tensor);
        shape = [1, 3, geometry.TensorHeight, geometry.TensorWidth];
        return tensor;
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
