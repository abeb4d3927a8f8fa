using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Runtime;

/// <summary>
/// Creates a model's sessions with the service's thread budget, on the execution provider INFERENCE_DEVICE asks for.
/// </summary>
public static class SessionFactory
{
    /// <summary>The shared session, whose intra-op threads are the cores split between the workers.</summary>
    public static (InferenceSession Session, ExecutionProvider Provider) Create(string modelPath, InferenceOptions options) =>
        CreateShared(modelPath, options, options.EffectiveIntraOpThreads);

    /// <summary>
    /// The shared session and, on the CPU, the lone one with all <paramref name="cores"/> when
    /// <see cref="InferenceOptions.LoneRunThreadsFor"/> gives one. A GPU runs the model on its own cores, so it gets none.
    /// </summary>
    public static (ModelSessions Sessions, ExecutionProvider Provider) CreateAll(string modelPath, InferenceOptions options, int cores)
    {
        var sharedThreads = options.IntraOpThreadsFor(cores);
        var loneThreads = options.LoneRunThreadsFor(cores);
        // Creating a session optimises the graph on one core, and /ping waits for both: on INFERENCE_DEVICE=cpu the
        // lone one is created beside the shared one, on another core.
        var early = loneThreads is { } t && InferenceDeviceParser.Parse(options.Device) == InferenceDevice.Cpu
            ? Task.Run(() => CreateLone(modelPath, options, t))
            : null;
        InferenceSession shared;
        ExecutionProvider provider;
        try
        {
            (shared, provider) = CreateShared(modelPath, options, sharedThreads);
        }
        catch
        {
            DisposeWhenCreated(early);
            throw;
        }

        if (provider.Name != ExecutionProvider.CpuName || loneThreads is not { } threads)
        {
            return (new ModelSessions(shared, sharedThreads), provider);
        }

        try
        {
            var lone = early is null ? CreateLone(modelPath, options, threads) : early.GetAwaiter().GetResult();
            return (new ModelSessions(shared, sharedThreads, lone, threads), provider);
        }
        catch
        {
            shared.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Registers ONNX Runtime's process-wide CPU arena (its default settings), once, for the sessions of
    /// <see cref="InferenceOptions.ShareCpuArena"/>; the others keep an arena of their own.
    /// </summary>
    private static readonly Lazy<bool> ProcessCpuArena = new(() =>
    {
        using var memory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
        using var arena = new OrtArenaCfg(0, -1, -1, -1);
        OrtEnv.Instance().CreateAndRegisterAllocator(memory, arena);
        return true;
    });

    private static InferenceSession CreateLone(string modelPath, InferenceOptions options, int threads) =>
        CreateSession(modelPath, options, threads, cudaDeviceId: null, stopSpinningAfterRun: true);

    /// <summary>The shared session's failure is the one reported: the lone one is disposed, or its failure observed and dropped.</summary>
    private static void DisposeWhenCreated(Task<InferenceSession>? lone) =>
        lone?.ContinueWith(static t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                t.Result.Dispose();
            }
            else
            {
                _ = t.Exception;
            }
        }, TaskScheduler.Default);

    private static (InferenceSession Session, ExecutionProvider Provider) CreateShared(string modelPath, InferenceOptions options, int threads) =>
        Create(
            InferenceDeviceParser.Parse(options.Device),
            cpu: () => CreateSession(modelPath, options, threads, cudaDeviceId: null),
            cuda: () => CreateSession(modelPath, options, threads, options.CudaDeviceId));

    /// <summary>
    /// The provider choice, apart from ONNX Runtime so that it can be tested on a machine without a GPU: a CUDA
    /// provider that cannot be appended is a CUDA failure; a CUDA session that cannot be created may be the GPU's
    /// fault or the model's, and a CPU session of the same model tells which.
    /// </summary>
    internal static (T Session, ExecutionProvider Provider) Create<T>(InferenceDevice device, Func<T> cpu, Func<T> cuda)
        where T : IDisposable
    {
        if (device == InferenceDevice.Cpu)
        {
            return (cpu(), ExecutionProvider.Cpu);
        }

        CudaUnavailableException failure;
        try
        {
            return (cuda(), new ExecutionProvider(ExecutionProvider.CudaName));
        }
        catch (CudaUnavailableException e) when (device == InferenceDevice.Auto || e.ModelMayBeAtFault)
        {
            failure = e;
        }
        catch (CudaUnavailableException e)
        {
            throw CudaRequired(e);
        }

        // Throws the model's own error when the model, not CUDA, was at fault.
        var session = cpu();
        if (device == InferenceDevice.Auto)
        {
            return (session, ExecutionProvider.Cpu with { FallbackReason = failure.Message });
        }

        session.Dispose();
        throw CudaRequired(failure);
    }

    private static ModelLoadException CudaRequired(CudaUnavailableException failure) =>
        new($"INFERENCE_DEVICE=cuda but {failure.Message.TrimEnd('.')}. Use INFERENCE_DEVICE=auto to fall back to the CPU.", failure);

    /// <param name="stopSpinningAfterRun">
    /// The lone session's pool threads stop spinning when its Run ends: spinning on, they would otherwise burn the
    /// cores that the next, concurrent predictions run on.
    /// </param>
    private static InferenceSession CreateSession(
        string modelPath, InferenceOptions options, int threads, int? cudaDeviceId, bool stopSpinningAfterRun = false)
    {
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // ORT sizes its pool from the host's cores, not the container's: set it explicitly.
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.IntraOpSpinning ? "1" : "0");
        // CPU sessions only: a CUDA one was last checked on a GPU without it.
        if (options.ShareCpuArena && cudaDeviceId is null && ProcessCpuArena.Value)
        {
            sessionOptions.AddSessionConfigEntry("session.use_env_allocators", "1");
        }

        if (stopSpinningAfterRun)
        {
            sessionOptions.AddSessionConfigEntry("session.force_spinning_stop", "1");
        }

        if (cudaDeviceId is not { } deviceId)
        {
            return new InferenceSession(modelPath, sessionOptions);
        }

        AppendCuda(sessionOptions, deviceId);
        try
        {
            return new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            // With the provider appended, CUDA itself starts here: no device, a driver too old, no memory.
            throw new CudaUnavailableException(
                $"the CUDA session cannot be created on device {deviceId}: {CudaErrors.Summarise(e.Message)}", modelMayBeAtFault: true);
        }
    }

    /// <summary>
    /// Appending loads the CUDA provider library (and through it CUDA and cuDNN), so a build without it or a
    /// missing library fail here, before any model work.
    /// </summary>
    private static void AppendCuda(SessionOptions sessionOptions, int deviceId)
    {
        var available = OrtEnv.Instance().GetAvailableProviders();
        if (!available.Contains(ExecutionProvider.CudaName))
        {
            throw new CudaUnavailableException(
                $"this build of ONNX Runtime has no CUDA provider (available: {string.Join(", ", available)}); use the GPU image (Dockerfile.gpu).");
        }

        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(deviceId);
        }
        catch (OnnxRuntimeException e)
        {
            throw new CudaUnavailableException($"the CUDA provider cannot be created on device {deviceId}: {CudaErrors.Summarise(e.Message)}");
        }
    }
}

/// <summary>CUDA cannot run this model here; <see cref="ModelMayBeAtFault"/> when the failure could also be the model's.</summary>
internal sealed class CudaUnavailableException(string message, bool modelMayBeAtFault = false) : Exception(message)
{
    public bool ModelMayBeAtFault { get; } = modelMayBeAtFault;
}
