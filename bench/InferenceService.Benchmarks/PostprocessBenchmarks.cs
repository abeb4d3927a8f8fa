using BenchmarkDotNet.Attributes;
using InferenceService.Inference.Families.Yolox;
using InferenceService.Inference.Postprocessing;

namespace InferenceService.Benchmarks;

/// <summary>YOLOX grid decode of a [3549, 85] head and class-aware NMS over its candidates.</summary>
[MemoryDiagnoser]
public class PostprocessBenchmarks
{
    private readonly YoloxDecoder _decoder = new("output", 416, 416, 80);
    private readonly List<Detection> _candidates = new(4096);
    private float[] _rows = [];
    private Detection[] _nmsInput = [];

    [GlobalSetup]
    public void Setup()
    {
        // A head with realistic sparsity: most anchors below threshold, a few clusters of overlapping boxes.
        var random = new Random(42);
        _rows = new float[3549 * 85];
        for (var k = 0; k < 3549; k++)
        {
            var row = _rows.AsSpan(k * 85, 85);
            row[0] = (float)random.NextDouble();
            row[1] = (float)random.NextDouble();
            row[2] = (float)(random.NextDouble() * 2);
            row[3] = (float)(random.NextDouble() * 2);
            row[4] = k % 40 == 0 ? 0.9f : (float)(random.NextDouble() * 0.05);
            for (var c = 5; c < 85; c++)
            {
                row[c] = (float)(random.NextDouble() * 0.1);
            }

            row[5 + (k % 3)] = 0.95f;
        }

        var candidates = new List<Detection>();
        _decoder.Decode(_rows, 0.01f, candidates);
        _nmsInput = candidates.ToArray();
    }

    [Benchmark]
    public int YoloxDecode()
    {
        _candidates.Clear();
        _decoder.Decode(_rows, 0.3f, _candidates);
        return _candidates.Count;
    }

    [Benchmark]
    public int ClassAwareNms()
    {
        _candidates.Clear();
        _candidates.AddRange(_nmsInput);
        NonMaxSuppression.Apply(_candidates, 0.45f, 100);
        return _candidates.Count;
    }
}
