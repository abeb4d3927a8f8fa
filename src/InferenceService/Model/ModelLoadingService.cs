using System.Diagnostics;
using InferenceService.Inference;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Pipeline;
using InferenceService.Model.Repository;
using Microsoft.Extensions.Options;

namespace InferenceService.Model;

/// <summary>
/// Loads the model once Kestrel is listening (SageMaker wants the socket within 250 ms, the model may take
/// longer), warms it up, then publishes it. A model that cannot load, for whatever reason, leaves /ping at 503
/// with the reason, logged once; the process stays up so the reason can be read.
/// </summary>
public sealed class ModelLoadingService(
    ModelState state,
    IModelLoader loader,
    IOptions<InferenceOptions> options,
    IOptions<MultiModelOptions> multiModel,
    IOptions<RepositoryOptions> repository,
    IHostApplicationLifetime lifetime,
    ILogger<ModelLoadingService> logger) : BackgroundService
{
    private volatile string _stage = "starting";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (multiModel.Value.Enabled)
        {
            logger.LogInformation("Multi-model mode: models under {Root} are loaded through POST /models, MODEL_DIR is not read", multiModel.Value.Root);
            return;
        }

        if (repository.Value.Enabled)
        {
            logger.LogInformation("Model repository mode: the models are the folders under {Root}, MODEL_DIR is not read", repository.Value.Root);
            return;
        }

        if (!await HostStart.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }

        var o = options.Value;
        var clock = Stopwatch.StartNew();
        InferencePipeline? pipeline;
        try
        {
            pipeline = await AbandonableLoad.RunAsync(() => LoadAndWarmUp(o), o.LoadTimeoutSeconds, stoppingToken);
        }
        catch (Exception error)
        {
            Fail(ModelLoadException.Describe(error));
            return;
        }

        if (pipeline is null)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                Fail($"The model did not load within {o.LoadTimeoutSeconds} s (MODEL_LOAD_TIMEOUT_SECONDS): it was still {_stage}. " +
                     "A file that never finishes reading is usually a FIFO or a hung network mount.");
            }

            return;
        }

        state.SetReady(pipeline, clock.Elapsed);
        logger.LogInformation(
            "Model {Model} ready in {LoadMs:0} ms: family {Family}, task {Task}, input {Input} ({Preprocess}), NMS {Nms}, labels {LabelCount} from {LabelSource}, defaults {Defaults}, {Threads} intra-op threads ({LoneThreads} for a request running alone), execution provider {ExecutionProvider}",
            pipeline.ModelName, clock.Elapsed.TotalMilliseconds, pipeline.Plan.Family, pipeline.Plan.Task, pipeline.Plan.InputName,
            pipeline.Plan.Preprocess.Describe(), pipeline.Plan.AppliesNms, pipeline.Labels.Count, pipeline.Labels.Source, pipeline.DefaultOptions,
            o.EffectiveIntraOpThreads, pipeline.LoneRunThreads, pipeline.ExecutionProvider.Name);
    }

    private InferencePipeline LoadAndWarmUp(InferenceOptions o)
    {
        var pipeline = loader.Load(o, Enter);
        try
        {
            if (pipeline.Labels.Count == 0)
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

            Enter("warming up");
            pipeline.WarmUp(WarmUpImage.Create());
            return pipeline;
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }
    }

    private void Enter(string stage)
    {
        _stage = stage;
        state.SetLoading(stage);
    }

    private void Fail(string reason)
    {
        state.SetFailed(reason);
        logger.LogError("The model cannot be served: {Reason}", reason);
    }
}
