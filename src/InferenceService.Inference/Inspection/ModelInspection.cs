using System.Diagnostics;
using InferenceService.Imaging;
using InferenceService.Inference.Pipeline;

namespace InferenceService.Inference.Inspection;

/// <summary>An inspected folder: its report and, when it is servable, the loaded pipeline to run images through.</summary>
public sealed class ModelInspection(ModelReport report, InferencePipeline? pipeline) : IDisposable
{
    public ModelReport Report { get; } = report;

    /// <summary>
    /// Runs one image file with the model's default thresholds, as a request without options would be. A file that
    /// cannot be read or decoded is reported as that image's error.
    /// </summary>
    public ImageReport Run(string path)
    {
        if (pipeline is null)
        {
            return new ImageReport(path, "The model is not servable, so no image was run.", [], null);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var bytes = File.ReadAllBytes(path);
            var read = Stopwatch.GetElapsedTime(started);
            var result = pipeline.Predict(bytes, pipeline.DefaultOptions);
            var labels = pipeline.Labels;
            var answers = result.Detections.Count > 0
                ? result.Detections.Select(d => new AnswerReport(labels.NameOf(d.ClassId), d.ClassId, d.Score, [d.X1, d.Y1, d.X2, d.Y2]))
                : result.Classifications.Select(c => new AnswerReport(labels.NameOf(c.ClassId), c.ClassId, c.Probability, null));
            var t = result.Timings;
            return new ImageReport(path, null, answers.ToArray(),
                new StageReport(read.TotalMilliseconds, t.Preprocess.TotalMilliseconds, t.Inference.TotalMilliseconds, t.Postprocess.TotalMilliseconds));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ImageDecodeException)
        {
            return new ImageReport(path, e.Message, [], null);
        }
    }

    public void Dispose() => pipeline?.Dispose();
}
