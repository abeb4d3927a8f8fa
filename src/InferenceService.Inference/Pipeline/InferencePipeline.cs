using System.Diagnostics;
using InferenceService.Imaging;
using InferenceService.Inference.Families;
using InferenceService.Inference.Labels;
using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Pipeline;

/// <summary>
/// Serves one loaded model: header check, decode at the input size straight into a pooled tensor, one
/// <c>Run</c> on the shared session, decode of the outputs, mapping back to the image, NMS. Thread-safe:
/// the session is shared, every buffer is per call.
/// </summary>
public sealed partial class InferencePipeline : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ImagePreprocessor _preprocessor;
    private readonly ImageLimits _limits;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;

    public InferencePipeline(string modelName, InferenceSession session, ModelPlan plan, LabelSet labels, ImageLimits limits)
    {
        ModelName = modelName;
        _session = session;
        Plan = plan;
        Labels = labels;
        _limits = limits;
        _preprocessor = new ImagePreprocessor(plan.Preprocess);
        _inputNames = [plan.InputName, .. plan.SizeInputs.Select(s => s.Name)];
    }

    public string ModelName { get; }

    public ModelPlan Plan { get; }

    public LabelSet Labels { get; }

    /// <summary>The provider the session runs on, reported at startup and by GET /model.</summary>
    public ExecutionProvider ExecutionProvider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>The thresholds a request gets when it overrides none: configuration, then the manifest's defaults.</summary>
    public PredictionOptions DefaultOptions { get; init; } = new();

    /// <summary>The <c>inference.json</c> the model was loaded with, if any.</summary>
    public Manifest.ModelManifest? Manifest { get; init; }

    /// <param name="cancellationToken">Checked between stages, between the resampler's row bands and, during <c>Run</c>, wired to ONNX Runtime's terminate flag.</param>
    public PredictionResult Predict(ReadOnlyMemory<byte> encodedImage, PredictionOptions options, CancellationToken cancellationToken = default)
    {
        using var source = Open(encodedImage);
        return Predict(source, options, cancellationToken);
    }

    /// <summary>
    /// Reads the header and enforces this model's <see cref="ImageLimits"/>: a caller that needs the image again
    /// after predicting (to draw on it) opens it once and passes the source to <see cref="Predict(ImageSource, PredictionOptions, CancellationToken)"/>.
    /// </summary>
    public ImageSource Open(ReadOnlyMemory<byte> encodedImage) => ImageSource.Open(encodedImage, _limits);

    /// <summary>Predicts on an image already opened with <see cref="Open"/>; the source stays the caller's to dispose.</summary>
    public PredictionResult Predict(ImageSource source, PredictionOptions options, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var image = new PendingImage(0, source, _preprocessor.GeometryFor(source));
        var answer = default(BatchItemResult);
        RunImages(new Span<PendingImage>(ref image), options, started, new Span<BatchItemResult>(ref answer), isolateFailures: false, cancellationToken);
        return answer.Result!;
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
