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
/// <c>Run</c>, decode of the outputs, mapping back to the image, NMS. Thread-safe: the sessions are shared, every
/// buffer is per call. A prediction running alone takes the session with every core (<see cref="ModelSessions"/>).
/// </summary>
public sealed partial class InferencePipeline : IDisposable
{
    private readonly ModelSessions _sessions;
    private readonly ImagePreprocessor _preprocessor;
    private readonly ImageLimits _limits;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;

    public InferencePipeline(string modelName, ModelSessions sessions, ModelPlan plan, LabelSet labels, ImageLimits limits)
    {
        ModelName = modelName;
        _sessions = sessions;
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

    /// <summary>Where this pipeline's predictions count themselves to learn how many cores they may use.</summary>
    public CoreShare Cores { get; init; } = CoreShare.Process;

    /// <summary>The intra-op threads a prediction running alone gets (all cores, unless it has no lone session).</summary>
    public int LoneRunThreads => _sessions.LoneThreads;

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
        using var cores = Cores.Enter();
        return Predict(source, options, cores, cancellationToken);
    }

    /// <summary>
    /// One prediction on each session, before the model is served, so that neither the first lone request nor the
    /// first concurrent one pays ONNX Runtime's first-run allocations, and a load's measured memory holds both.
    /// </summary>
    public void WarmUp(ReadOnlyMemory<byte> encodedImage)
    {
        int[] widths = _sessions.Lone is null ? [1] : [1, LoneRunThreads];
        foreach (var cores in widths)
        {
            using var source = Open(encodedImage);
            Predict(source, DefaultOptions, CoreLease.Fixed(cores), CancellationToken.None);
        }
    }

    private PredictionResult Predict(ImageSource source, PredictionOptions options, in CoreLease cores, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var image = new PendingImage(0, source, _preprocessor.GeometryFor(source));
        var answer = default(BatchItemResult);
        RunImages(new Span<PendingImage>(ref image), options, cores, started, new Span<BatchItemResult>(ref answer), isolateFailures: false, cancellationToken);
        return answer.Result!;
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _sessions.Dispose();
    }
}
