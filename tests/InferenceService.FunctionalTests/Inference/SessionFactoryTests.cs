using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Families.TfObjectDetection;
using InferenceService.Inference.Families.Yolox;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Runtime;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Inference;

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

/// <summary>
/// The provider choice when the CUDA provider loads but its session fails, as on a GPU host with no visible
/// device (seen on an H200 with CUDA_VISIBLE_DEVICES=-1): fakes stand in for the sessions, this build has no CUDA.
/// </summary>
public sealed class SessionFactoryCudaFailureTests
{
    private const string NoDevice =
        "[ErrorCode:Fail] /onnxruntime_src/onnxruntime/core/providers/cuda/cuda_call.cc:154 std::conditional_t<THRW, void, " +
        "onnxruntime::common::Status> onnxruntime::CudaCall(ERRTYPE, const char*, const char*, SUCCTYPE, const char*, const char*, int) " +
        "[with ERRTYPE = cudaError; bool THRW = true] CUDA failure 100: no CUDA-capable device is detected ; GPU=-1 ; hostname=vm ; " +
        "file=/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_execution_provider.cc ; line=355 ; expr=cudaSetDevice(info_.device_id); ";

    private sealed class FakeSession : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private static FakeSession CudaSessionFails() =>
        throw new CudaUnavailableException($"the CUDA session cannot be created on device 0: {CudaErrors.Summarise(NoDevice)}", modelMayBeAtFault: true);

    [Fact]
    public void Cuda_errors_are_summarised_to_the_cuda_failure()
    {
        Assert.Equal("CUDA failure 100: no CUDA-capable device is detected", CudaErrors.Summarise(NoDevice));
        Assert.Equal(
            "Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file",
            CudaErrors.Summarise("[ErrorCode:Fail] OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load library " +
                "libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file "));
    }

    [Fact]
    public void Auto_falls_back_to_the_cpu_when_the_cuda_session_cannot_be_created()
    {
        var cpu = new FakeSession();
        var (session, provider) = SessionFactory.Create(InferenceDevice.Auto, () => cpu, CudaSessionFails);
        Assert.Same(cpu, session);
        Assert.Equal(ExecutionProvider.CpuName, provider.Name);
        Assert.Equal("the CUDA session cannot be created on device 0: CUDA failure 100: no CUDA-capable device is detected", provider.FallbackReason);
    }

    [Fact]
    public void Cuda_reports_the_gpu_failure_not_a_bad_model_when_the_model_loads_on_the_cpu()
    {
        var cpu = new FakeSession();
        var e = Assert.Throws<ModelLoadException>(() => SessionFactory.Create(InferenceDevice.Cuda, () => cpu, CudaSessionFails));
        Assert.StartsWith("INFERENCE_DEVICE=cuda but the CUDA session cannot be created on device 0: CUDA failure 100:", e.Message);
        Assert.True(cpu.Disposed);
    }

    [Theory]
    [InlineData(InferenceDevice.Cuda)]
    [InlineData(InferenceDevice.Auto)]
    public void A_model_that_fails_on_the_cpu_too_reports_the_models_error(InferenceDevice device)
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            SessionFactory.Create<FakeSession>(device, () => throw new InvalidDataException("protobuf parsing failed"), CudaSessionFails));
        Assert.Equal("protobuf parsing failed", e.Message);
    }

    [Fact]
    public void Cuda_without_the_provider_fails_without_loading_the_model_on_the_cpu()
    {
        var cpuCalls = 0;
        var e = Assert.Throws<ModelLoadException>(() => SessionFactory.Create(
            InferenceDevice.Cuda,
            () => { cpuCalls++; return new FakeSession(); },
            () => throw new CudaUnavailableException("this build of ONNX Runtime has no CUDA provider")));
        Assert.Contains("no CUDA provider", e.Message);
        Assert.Equal(0, cpuCalls);
    }
}
