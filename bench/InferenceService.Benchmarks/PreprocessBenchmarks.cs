using BenchmarkDotNet.Attributes;
using InferenceService.Imaging;
using InferenceService.Inference.Preprocessing;

namespace InferenceService.Benchmarks;

/// <summary>Decode + letterbox + tensor fill of dog.jpg for YOLOX-Nano's 416×416 BGR input.</summary>
[MemoryDiagnoser]
public class PreprocessBenchmarks
{
    private byte[] _jpeg = [];
    private readonly float[] _tensor = new float[3 * 416 * 416];
    private readonly ImagePreprocessor _preprocessor = new(new PreprocessSpec
    {
        Width = 416, Height = 416, ColorOrder = ColorOrder.Bgr, Resize = ResizeMode.LetterboxTopLeft, PadValue = 114,
    });

    [GlobalSetup]
    public void Setup() => _jpeg = File.ReadAllBytes(BenchAssets.Image("dog.jpg"));

    [Benchmark]
    public void DecodeLetterboxFill()
    {
        using var source = ImageSource.Open(_jpeg, new ImageLimits());
        var geometry = _preprocessor.GeometryFor(source);
        _preprocessor.WriteFloat(source, geometry, _tensor);
    }
}
