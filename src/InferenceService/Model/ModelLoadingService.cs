using System.Diagnostics;
using InferenceService.Inference;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Pipeline;
using Microsoft.Extensions.Options;

namespace InferenceService.Model;

/// <summary>
/// Loads the model once Kestrel is listening (SageMaker wants the socket within 250 ms, the model may take
/// longer), warms it up, then publishes it. A model that cannot load leaves /ping at 503 with the reason, logged
/// once; the process stays up so the reason can be read.
/// </summary>
public sealed class ModelLoadingService(
    ModelState state,
    IModelLoader loader,
    IOptions<InferenceOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<ModelLoadingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await Task.Run(Load, stoppingToken);
    }

    private void Load()
    {
        var o = options.Value;
        var clock = Stopwatch.StartNew();
        try
        {
            var pipeline = loader.Load(o);
            var labels = pipeline.Labels;
            if (labels.Count == 0)
            {
                logger.LogWarning("No labels file in {ModelDir} and no names in the ONNX metadata: classes are reported by id", o.ModelDir);
            }

            if (pipeline.ExecutionProvider.FallbackReason is { } fallback)
            {
                logger.LogWarning("INFERENCE_DEVICE={Device} falls back to the CPU: {Reason}", o.Device, fallback);
            }

            if (pipeline.Manifest is not null)
            {
                logger.LogInformation("{Manifest} read from {ModelDir}: it overrides the recognised plan", Inference.Manifest.ModelManifest.FileName, o.ModelDir);
            }

            pipeline.Predict(WarmUpImage.Create(), pipeline.DefaultOptions);
            state.SetReady(pipeline, clock.Elapsed);
            logger.LogInformation(
                "Model {Model} ready in {LoadMs:0} ms: family {Family}, task {Task}, input {Input} ({Preprocess}), NMS {Nms}, labels {LabelCount} from {LabelSource}, defaults {Defaults}, {Threads} intra-op threads, execution provider {ExecutionProvider}",
                pipeline.ModelName, clock.Elapsed.TotalMilliseconds, pipeline.Plan.Family, pipeline.Plan.Task, pipeline.Plan.InputName,
                pipeline.Plan.Preprocess.Describe(), pipeline.Plan.AppliesNms, labels.Count, labels.Source, pipeline.DefaultOptions, o.EffectiveIntraOpThreads, pipeline.ExecutionProvider.Name);
        }
        catch (Exception e) when (e is ModelLoadException or Imaging.ImageDecodeException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or IOException or UnauthorizedAccessException)
        {
            state.SetFailed(e.Message);
            logger.LogError("The model cannot be served: {Reason}", e.Message);
        }
    }
}
