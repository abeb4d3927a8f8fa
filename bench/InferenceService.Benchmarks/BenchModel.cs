using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Families.Yolox;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Benchmarks;

/// <summary>The benchmarked model (a YOLOX export) opened with the service's own session options.</summary>
public static class BenchModel
{
    public static (InferenceSession Session, ModelPlan Plan) Open(string modelDir, int intraOpThreads = 0)
    {
        var (session, _) = SessionFactory.Create(ModelLoader.FindModelFile(modelDir), new InferenceOptions { ModelDir = modelDir, IntraOpThreads = intraOpThreads });
        var plan = new YoloxFamily().TryRecognise(ModelSignature.From(session))
            ?? throw new InvalidOperationException($"{modelDir} is not a YOLOX export; the benchmark targets YOLOX-Nano.");
        return (session, plan);
    }
}
