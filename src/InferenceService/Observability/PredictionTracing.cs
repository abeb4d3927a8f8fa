using System.Diagnostics;
using InferenceService.Inference.Families;
using InferenceService.Inference.Pipeline;

namespace InferenceService.Observability;

/// <summary>
/// The service's own spans: <c>decode</c> (decode, resize and tensor fill), <c>inference</c> and <c>postprocess</c>
/// under the request's server span, which gets the model and image attributes. The pipeline already times its
/// stages, so the spans are recorded after the fact from those timings instead of wrapping the model library's
/// code: it stays free of tracing, and without a listener (OTLP off) the only cost is one
/// <see cref="ActivitySource.HasListeners"/> check.
/// </summary>
public static class PredictionTracing
{
    public const string SourceName = "InferenceService";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Call as the prediction returns: its stages are laid out to end now.</summary>
    public static void Record(InferencePipeline pipeline, PredictionResult result)
    {
        if (!Source.HasListeners())
        {
            return;
        }

        if (TagRequest(pipeline) is { } request)
        {
            request.SetTag("image.width", result.Width);
            request.SetTag("image.height", result.Height);
            TagDetections(request, pipeline, result.Detections.Count);
        }

        RecordStages(DateTimeOffset.UtcNow - Total(result.Timings), result.Timings, batchSize: null);
    }

    /// <summary>
    /// One set of stage spans per model run, not per image: a run of n images decodes them together, runs once and
    /// answers them together, so per-image spans would only be slices of the same time. A model that cannot batch
    /// runs image by image, so there a run is an image.
    /// </summary>
    public static void RecordBatch(InferencePipeline pipeline, BatchPrediction batch)
    {
        if (!Source.HasListeners())
        {
            return;
        }

        var runs = new StageTimings[batch.RunSizes.Count];
        var detections = 0;
        var run = 0;
        var left = batch.RunSizes.Count > 0 ? batch.RunSizes[0] : 0;
        foreach (var item in batch.Items)
        {
            if (item.Result is not { } result || run == runs.Length)
            {
                continue;
            }

            // Each image's timings are its run's divided among the run's images: their sum is the run's (to a tick).
            runs[run] = new StageTimings(
                runs[run].Preprocess + result.Timings.Preprocess,
                runs[run].Inference + result.Timings.Inference,
                runs[run].Postprocess + result.Timings.Postprocess);
            detections += result.Detections.Count;
            if (--left == 0 && ++run < runs.Length)
            {
                left = batch.RunSizes[run];
            }
        }

        if (TagRequest(pipeline) is { } request)
        {
            request.SetTag("inference.images", batch.Items.Count);
            TagDetections(request, pipeline, detections);
        }

        var start = DateTimeOffset.UtcNow;
        foreach (var timings in runs)
        {
            start -= Total(timings);
        }

        for (var i = 0; i < runs.Length; i++)
        {
            start = RecordStages(start, runs[i], batch.RunSizes[i]);
        }
    }

    /// <summary>The request's span (ASP.NET Core's server span), when it is being recorded.</summary>
    private static Activity? TagRequest(InferencePipeline pipeline)
    {
        if (Activity.Current is not { IsAllDataRequested: true } request)
        {
            return null;
        }

        request.SetTag("inference.model", pipeline.ModelName);
        request.SetTag("inference.family", pipeline.Plan.Family);
        request.SetTag("inference.task", pipeline.Plan.Task.ToString().ToLowerInvariant());
        return request;
    }

    private static void TagDetections(Activity request, InferencePipeline pipeline, int detections)
    {
        if (pipeline.Plan.Task == ModelTask.Detection)
        {
            request.SetTag("inference.detections", detections);
        }
    }

    /// <summary>Records the three stages back to back from <paramref name="start"/>; returns when the last ended.</summary>
    private static DateTimeOffset RecordStages(DateTimeOffset start, StageTimings timings, int? batchSize)
    {
        start = RecordStage("decode", start, timings.Preprocess, batchSize);
        start = RecordStage("inference", start, timings.Inference, batchSize);
        return RecordStage("postprocess", start, timings.Postprocess, batchSize);
    }

    private static DateTimeOffset RecordStage(string name, DateTimeOffset start, TimeSpan duration, int? batchSize)
    {
        var end = start + duration;
        using var activity = Source.StartActivity(name, ActivityKind.Internal, parentContext: default, startTime: start);
        if (activity is not null)
        {
            if (batchSize is { } size)
            {
                activity.SetTag("inference.batch_size", size);
            }

            activity.SetEndTime(end.UtcDateTime);
        }

        return end;
    }

    private static TimeSpan Total(StageTimings timings) => timings.Preprocess + timings.Inference + timings.Postprocess;
}
