using System.Buffers;
using System.Diagnostics;
using InferenceService.Imaging;
using InferenceService.Inference.Families;
using InferenceService.Inference.Labels;
using InferenceService.Inference.Postprocessing;
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
        _inputNames = [plan.InputName];
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
        var started = Stopwatch.GetTimestamp();
        using var source = ImageSource.Open(encodedImage, _limits);
        var geometry = _preprocessor.GeometryFor(source);
        var shape = InputShape(geometry);
        var count = _preprocessor.ElementCount(geometry);

        float[]? floats = null;
        byte[]? bytes = null;
        OrtValue input;
        try
        {
            if (Plan.Preprocess.ElementType == InputElementType.Float32)
            {
                floats = ArrayPool<float>.Shared.Rent(count);
                _preprocessor.WriteFloat(source, geometry, floats.AsSpan(0, count), cancellationToken);
                input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, floats.AsMemory(0, count), shape);
            }
            else
            {
                bytes = ArrayPool<byte>.Shared.Rent(count);
                _preprocessor.WriteBytes(source, geometry, bytes.AsSpan(0, count), cancellationToken);
                input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, bytes.AsMemory(0, count), shape);
            }

            var preprocessed = Stopwatch.GetTimestamp();
            using (input)
            using (var outputs = Run(input, cancellationToken))
            {
                var inferred = Stopwatch.GetTimestamp();
                var result = Answer(outputs, source, geometry, options, batchIndex: 0);
                return result with
                {
                    Timings = new StageTimings(
                        Stopwatch.GetElapsedTime(started, preprocessed),
                        Stopwatch.GetElapsedTime(preprocessed, inferred),
                        Stopwatch.GetElapsedTime(inferred)),
                };
            }
        }
        finally
        {
            if (floats is not null) ArrayPool<float>.Shared.Return(floats);
            if (bytes is not null) ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The shared RunOptions when the call cannot be cancelled; otherwise its own, terminated on cancellation.</summary>
    private IDisposableReadOnlyCollection<OrtValue> Run(OrtValue input, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return _session.Run(_runOptions, _inputNames, [input], Plan.Decoder.OutputNames);
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var terminate = cancellationToken.Register(static o => ((RunOptions)o!).Terminate = true, runOptions);
        try
        {
            return _session.Run(runOptions, _inputNames, [input], Plan.Decoder.OutputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The prediction was cancelled during inference.", cancellationToken);
        }
    }

    /// <summary>
    /// Image <paramref name="batchIndex"/> of the outputs as an answer in upright image pixels: the top-k classes
    /// (and all probabilities when asked) for classifiers, mapped and suppressed detections for detectors. Shared
    /// by single predictions and batches so both answer alike. Timings are the caller's to set.
    /// </summary>
    private PredictionResult Answer(IReadOnlyList<OrtValue> outputs, ImageSource source, in InputGeometry geometry, PredictionOptions options, int batchIndex)
    {
        var context = new DecodeContext(geometry.TensorWidth, geometry.TensorHeight, options.Confidence, batchIndex);
        var detections = new List<Detection>();
        if (Plan.Task == ModelTask.Classification)
        {
            var all = options.IncludeProbabilities ? new float[ClassCount] : null;
            return new PredictionResult(Plan.Task, source.Width, source.Height, detections, default)
            {
                Classifications = Classify(outputs, context, options, all),
                Probabilities = all,
            };
        }

        Plan.Decoder.DecodeDetections(outputs, context, detections);
        Finish(detections, geometry, options);
        return new PredictionResult(Plan.Task, source.Width, source.Height, detections, default);
    }

    private int ClassCount => Plan.Decoder.ClassCount ?? throw new InvalidOperationException("A classifier decoder must know its class count.");

    /// <summary>
    /// The top-k classes by probability, restricted to the request's class filter when it has one; every
    /// class's probability is copied into <paramref name="all"/> when given.
    /// </summary>
    private List<Classification> Classify(IReadOnlyList<OrtValue> outputs, in DecodeContext context, PredictionOptions options, float[]? all)
    {
        var classes = ClassCount;
        if (options.TopK <= 0 && all is null)
        {
            return [];
        }

        var probabilities = ArrayPool<float>.Shared.Rent(classes);
        try
        {
            var p = probabilities.AsSpan(0, classes);
            Plan.Decoder.DecodeProbabilities(outputs, context, p);
            if (all is not null)
            {
                p.CopyTo(all);
            }

            if (options.TopK <= 0)
            {
                return [];
            }

            var top = new List<Classification>(options.TopK + 1);
            for (var id = 0; id < classes; id++)
            {
                var probability = p[id];
                if ((top.Count == options.TopK && probability <= top[^1].Probability)
                    || (options.Classes is { } wanted && !wanted.Contains(Labels.NameOf(id))))
                {
                    continue;
                }

                var at = top.Count;
                while (at > 0 && top[at - 1].Probability < probability)
                {
                    at--;
                }

                top.Insert(at, new Classification(id, probability));
                if (top.Count > options.TopK)
                {
                    top.RemoveAt(top.Count - 1);
                }
            }

            return top;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(probabilities);
        }
    }

    /// <summary>Maps boxes to the image, drops what the request filters out, suppresses duplicates, caps the count.</summary>
    private void Finish(List<Detection> detections, in InputGeometry geometry, PredictionOptions options)
    {
        var kept = 0;
        for (var i = 0; i < detections.Count; i++)
        {
            var d = detections[i];
            if (options.Classes is { } wanted && !wanted.Contains(Labels.NameOf(d.ClassId)))
            {
                continue;
            }

            var mapped = d with
            {
                X1 = geometry.ToSourceX(d.X1),
                Y1 = geometry.ToSourceY(d.Y1),
                X2 = geometry.ToSourceX(d.X2),
                Y2 = geometry.ToSourceY(d.Y2),
            };
            if (mapped.X2 > mapped.X1 && mapped.Y2 > mapped.Y1)
            {
                detections[kept++] = mapped;
            }
        }

        detections.RemoveRange(kept, detections.Count - kept);
        if (Plan.AppliesNms)
        {
            NonMaxSuppression.Apply(detections, options.Iou, options.MaxDetections);
        }
        else
        {
            NonMaxSuppression.TopK(detections, options.MaxDetections);
        }
    }

    private long[] InputShape(in InputGeometry g)
    {
        var spec = Plan.Preprocess;
        long h = g.TensorHeight, w = g.TensorWidth;
        long[] chw = spec.Layout == TensorLayout.Nchw ? [3, h, w] : [h, w, 3];
        return spec.HasBatchDimension ? [1, .. chw] : chw;
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
