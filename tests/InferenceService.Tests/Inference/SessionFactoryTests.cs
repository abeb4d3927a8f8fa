using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Families.TfObjectDetection;
using InferenceService.Inference.Families.Yolox;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Runtime;
using InferenceService.Tests.Support;

namespace InferenceService.Tests.Inference;

/// <summary>INFERENCE_DEVICE on this CPU-only build: cpu works, auto falls back, cuda refuses with the reason.</summary>
public sealed class SessionFactoryTests
{
    private static InferenceOptions Options(string device) =>
        new() { ModelDir = SharedAssets.Model("yolox-nano"), Device = device, IntraOpThreads = 1 };

    private static string ModelFile => Path.Combine(SharedAssets.Model("yolox-nano"), "model.onnx");

    [Theory]
    [InlineData(null, InferenceDevice.Cpu)]
    [InlineData("", InferenceDevice.Cpu)]
    [InlineData("cpu", InferenceDevice.Cpu)]
    [InlineData(" CUDA ", InferenceDevice.Cuda)]
    [InlineData("gpu", InferenceDevice.Cuda)]
    [InlineData("Auto", InferenceDevice.Auto)]
    public void Device_names_parse_case_insensitively(string? value, InferenceDevice expected) =>
        Assert.Equal(expected, InferenceDeviceParser.Parse(value));

    [Fact]
    public void Unknown_device_is_a_model_load_error_naming_the_choices()
    {
        var e = Assert.Throws<ModelLoadException>(() => InferenceDeviceParser.Parse("tpu"));
        Assert.Contains("cpu, cuda, auto", e.Message);
    }

    [SharedAssetFact]
    public void Cpu_device_creates_a_cpu_session()
    {
        var (session, provider) = SessionFactory.Create(ModelFile, Options("cpu"));
        using (session)
        {
            Assert.Equal(ExecutionProvider.CpuName, provider.Name);
            Assert.Null(provider.FallbackReason);
        }
    }

    [SharedAssetFact]
    public void Cuda_device_without_cuda_fails_with_the_reason_instead_of_running_on_the_cpu()
    {
        var e = Assert.Throws<ModelLoadException>(() => SessionFactory.Create(ModelFile, Options("cuda")));
        Assert.Contains("INFERENCE_DEVICE=cuda", e.Message);
        Assert.Contains("CUDA", e.Message[e.Message.IndexOf("but", StringComparison.Ordinal)..]);
        Assert.Contains("INFERENCE_DEVICE=auto", e.Message);
    }

    [SharedAssetFact]
    public void Auto_device_without_cuda_falls_back_to_the_cpu_and_says_why()
    {
        var (session, provider) = SessionFactory.Create(ModelFile, Options("auto"));
        using (session)
        {
            Assert.Equal(ExecutionProvider.CpuName, provider.Name);
            Assert.Contains("CUDA", provider.FallbackReason);
        }
    }

    [SharedAssetFact]
    public void Loaded_pipeline_reports_the_provider_it_runs_on()
    {
        var loader = new ModelLoader(KnownFamilies.Recogniser());
        using var pipeline = loader.Load(Options("auto"));
        Assert.Equal(ExecutionProvider.CpuName, pipeline.ExecutionProvider.Name);
        Assert.NotNull(pipeline.ExecutionProvider.FallbackReason);
    }

    [SharedAssetFact]
    public void Loader_passes_the_cuda_failure_through_unchanged()
    {
        var loader = new ModelLoader(KnownFamilies.Recogniser());
        var e = Assert.Throws<ModelLoadException>(() => loader.Load(Options("cuda")));
        Assert.StartsWith("INFERENCE_DEVICE=cuda but", e.Message);
    }
}
