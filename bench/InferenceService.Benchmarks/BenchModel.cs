using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Families.Yolox;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Benchmarks;

/// <summary>
/// The benchmarked model (a YOLOX export) opened with the service's own session factory and the same thread
/// settings the service reads from the environment (INTRA_OP_THREADS, INTRA_OP_SPINNING, MODEL_SERVER_WORKERS).
/// </summary>
public static class BenchModel
{
    public static (InferenceSession Session, ModelPlan Plan) Open(string modelDir, int? intraOpThreads = null)
    {
        var options = new InferenceOptions
        {
            ModelDir = modelDir,
            IntraOpThreads = intraOpThreads ?? (int.TryParse(Environment.GetEnvironmentVariable("INTRA_OP_THREADS"), out var t) ? t : 0),
            IntraOpSpinning = !bool.TryParse(Environment.GetEnvironmentVariable("INTRA_OP_SPINNING"), out var spin) || spin,
            ConcurrentRuns = int.TryParse(Environment.GetEnvironmentVariable("MODEL_SERVER_WORKERS"), out var w) && w > 0 ? w : Environment.ProcessorCount,
        };
        var (session, _) = SessionFactory.Create(ModelLoader.FindModelFile(modelDir), options);
        var plan = new YoloxFamily().TryRecognise(ModelSignature.From(session)).Plan
            ?? throw new InvalidOperationException($"{modelDir} is not a YOLOX export; the benchmark targets YOLOX-Nano.");
        return (session, plan);
    }
}
