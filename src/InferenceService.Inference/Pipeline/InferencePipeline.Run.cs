using System.Buffers;
using System.Diagnostics;
using InferenceService.Imaging;
using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Pipeline;

/// <summary>The one skeleton single and batch predictions share: rent, write, run, answer, time.</summary>
public sealed partial class InferencePipeline
{
    /// <summary>An opened image and where it sits in the tensor; <see cref="Index"/> is where its answer goes.</summary>
    private readonly record struct PendingImage(int Index, ImageSource Source, InputGeometry Geometry);

    /// <summary>
    /// Writes every image into its slot of one pooled [n, …] tensor, runs it once, answers each slot and splits the
    /// stage times between the images. All images share one geometry (a fixed input size, or n = 1). An image that
    /// fails to write throws, or with <paramref name="isolateFailures"/> fails alone: it is moved behind the written
    /// ones (every source stays in <paramref name="images"/> for its owner to dispose) and the rest run without it.
    /// </summary>
    /// <param name="cores">How many cores this prediction may use, read as each stage starts.</param>
    /// <returns>How many images the Run carried.</returns>
    private int RunImages(
        Span<PendingImage> images, PredictionOptions options, in CoreLease cores, long started, Span<BatchItemResult> results, bool isolateFailures,
        CancellationToken cancellationToken)
    {
        var perImage = _preprocessor.ElementCount(images[0].Geometry);
        var capacity = Math.Max(1, perImage * images.Length);
        var isFloat = Plan.Preprocess.ElementType == InputElementType.Float32;
        var floats = isFloat ? ArrayPool<float>.Shared.Rent(capacity) : null;
        var bytes = isFloat ? null : ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            var written = 0;
            for (var i = 0; i < images.Length; i++)
            {
                var image = images[i];
                var slot = written * perImage;
                try
                {
                    if (floats is not null)
                    {
                        _preprocessor.WriteFloat(image.Source, image.Geometry, floats.AsSpan(slot, perImage), cancellationToken, cores.Cores);
                    }
                    else
                    {
                        _preprocessor.WriteBytes(image.Source, image.Geometry, bytes.AsSpan(slot, perImage), cancellationToken, cores.Cores);
                    }

                    (images[i], images[written]) = (images[written], image);
                    written++;
                }
                catch (ImageDecodeException e) when (isolateFailures)
                {
                    results[image.Index] = BatchItemResult.Failed(e);
                }
            }

            if (written == 0)
            {
                return 0;
            }

            var count = perImage * written;
            var shape = InputShape(images[0].Geometry, written);
            using var input = floats is not null
                ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, floats.AsMemory(0, count), shape)
                : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, bytes.AsMemory(0, count), shape);
            var sizes = SizeValues(images[..written]);
            try
            {
                return RunAndAnswer(images[..written], [input, .. sizes], options, cores.Cores, started, results, cancellationToken);
            }
            finally
            {
                foreach (var size in sizes)
                {
                    size.Dispose();
                }
            }
        }
        finally
        {
            if (floats is not null) ArrayPool<float>.Shared.Return(floats);
            if (bytes is not null) ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// Runs the written images' inputs once, on the session for <paramref name="cores"/> cores, and answers each
    /// image's slot, with its share of the stage times.
    /// </summary>
    private int RunAndAnswer(
        ReadOnlySpan<PendingImage> images, OrtValue[] inputs, PredictionOptions options, int cores, long started, Span<BatchItemResult> results,
        CancellationToken cancellationToken)
    {
        var written = images.Length;
        var preprocessed = Stopwatch.GetTimestamp();
        var (session, threads) = _sessions.For(cores);
        using var outputs = Run(session, inputs, cancellationToken);
        var inferred = Stopwatch.GetTimestamp();
        for (var b = 0; b < written; b++)
        {
            results[images[b].Index] = BatchItemResult.Of(Answer(outputs, images[b], options, b) with
            {
                Timings = new StageTimings(
                    Stopwatch.GetElapsedTime(started, preprocessed) / written,
                    Stopwatch.GetElapsedTime(preprocessed, inferred) / written,
                    Stopwatch.GetElapsedTime(inferred) / written),
                RunThreads = threads,
            });
        }

        return written;
    }

    /// <summary>The shared RunOptions when the call cannot be cancelled; otherwise its own, terminated on cancellation.</summary>
    private IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, OrtValue[] inputs, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return session.Run(_runOptions, _inputNames, inputs, Plan.Decoder.OutputNames);
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var terminate = cancellationToken.Register(static o => ((RunOptions)o!).Terminate = true, runOptions);
        try
        {
            return session.Run(runOptions, _inputNames, inputs, Plan.Decoder.OutputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The prediction was cancelled during inference.", cancellationToken);
        }
    }

    /// <summary>The tensor shape of <paramref name="images"/> images of geometry <paramref name="g"/>.</summary>
    private long[] InputShape(in InputGeometry g, int images)
    {
        var spec = Plan.Preprocess;
        long h = g.TensorHeight, w = g.TensorWidth;
        var nchw = spec.Layout == TensorLayout.Nchw;
        if (!spec.HasBatchDimension)
        {
            return nchw ? [3, h, w] : [h, w, 3];
        }

        return nchw ? [images, 3, h, w] : [images, h, w, 3];
    }
}
