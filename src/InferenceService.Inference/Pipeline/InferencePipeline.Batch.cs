using System.Diagnostics;
using InferenceService.Imaging;
using InferenceService.Inference.Preprocessing;

namespace InferenceService.Inference.Pipeline;

/// <summary>
/// Many images per request. A model whose inputs have a dynamic batch dimension and a fixed input size gets the
/// images that decode in one <c>Run</c> of shape [n, …] per chunk of at most <see cref="MaxBatchSize"/>; any other
/// model is run image by image. An image that cannot be decoded fails alone.
/// </summary>
public sealed partial class InferencePipeline
{
    /// <summary>True when one Run can take several images: dynamic leading dimensions and a fixed tensor size.</summary>
    public bool RunsBatchesAtOnce =>
        Plan.Preprocess.HasBatchDimension
        && Plan.Preprocess.Resize != ResizeMode.Original
        && _sessions.Shared.InputMetadata.TryGetValue(Plan.InputName, out var meta)
        && meta.Dimensions.Length > 0 && meta.Dimensions[0] < 0
        && Plan.SizeInputs.All(s => s.Tensor.Dim(0) < 0);

    /// <summary>Most images one Run carries (<c>MAX_BATCH_SIZE</c>); larger batches run in chunks of this size.</summary>
    public int MaxBatchSize { get; init; } = InferenceOptions.DefaultMaxBatchSize;

    /// <param name="cancellationToken">Checked between images, during their preprocessing and, during <c>Run</c>, wired to ONNX Runtime's terminate flag.</param>
    public BatchPrediction PredictBatch(IReadOnlyList<ReadOnlyMemory<byte>> images, PredictionOptions options, CancellationToken cancellationToken = default)
    {
        var results = new BatchItemResult[images.Count];
        if (!RunsBatchesAtOnce || images.Count < 2)
        {
            var served = 0;
            for (var i = 0; i < images.Count; i++)
            {
                results[i] = PredictOne(images[i], options, cancellationToken);
                served += results[i].Result is null ? 0 : 1;
            }

            var runSizes = new int[served];
            Array.Fill(runSizes, 1);
            return new BatchPrediction(results, runSizes);
        }

        var runs = new List<int>();
        var pending = new PendingImage[Math.Min(MaxBatchSize, images.Count)];
        for (var start = 0; start < images.Count; start += pending.Length)
        {
            var run = RunChunk(images, start, Math.Min(pending.Length, images.Count - start), pending, options, results, cancellationToken);
            if (run > 0)
            {
                runs.Add(run);
            }
        }

        return new BatchPrediction(results, runs);
    }

    /// <summary>Opens images [start, start + count) and runs those that decode at once; only one chunk's images are open at a time.</summary>
    private int RunChunk(
        IReadOnlyList<ReadOnlyMemory<byte>> images, int start, int count, PendingImage[] pending, PredictionOptions options, BatchItemResult[] results, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var opened = 0;
        try
        {
            for (var i = start; i < start + count; i++)
            {
                try
                {
                    var source = ImageSource.Open(images[i], _limits);
                    pending[opened++] = new PendingImage(i, source, _preprocessor.GeometryFor(source));
                }
                catch (ImageDecodeException e)
                {
                    results[i] = BatchItemResult.Failed(e);
                }
            }

            using var cores = Cores.Enter();
            return opened == 0 ? 0 : RunImages(pending.AsSpan(0, opened), options, cores, started, results, isolateFailures: true, cancellationToken);
        }
        finally
        {
            for (var i = 0; i < opened; i++)
            {
                pending[i].Source.Dispose();
            }
        }
    }

    private BatchItemResult PredictOne(ReadOnlyMemory<byte> image, PredictionOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return BatchItemResult.Of(Predict(image, options, cancellationToken));
        }
        catch (ImageDecodeException e)
        {
            return BatchItemResult.Failed(e);
        }
    }
}
