using System.Diagnostics;
using InferenceService.Imaging;
using InferenceService.Inference.Preprocessing;

namespace InferenceService.Inference.Pipeline;

/// <summary>
/// Many images per request. A model whose input has a dynamic batch dimension and a fixed input size gets the
/// images that decode in one <c>Run</c> of shape [n, …]; any other model is run image by image. An image that
/// cannot be decoded fails alone.
/// </summary>
public sealed partial class InferencePipeline
{
    /// <summary>True when one Run can take several images: a dynamic leading dimension and a fixed tensor size.</summary>
    public bool RunsBatchesAtOnce =>
        Plan.Preprocess.HasBatchDimension
        && Plan.Preprocess.Resize != ResizeMode.Original
        && _session.InputMetadata.TryGetValue(Plan.InputName, out var meta)
        && meta.Dimensions.Length > 0 && meta.Dimensions[0] < 0;

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

        var started = Stopwatch.GetTimestamp();
        var pending = new PendingImage[images.Count];
        var opened = 0;
        try
        {
            for (var i = 0; i < images.Count; i++)
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

            var run = opened == 0 ? 0 : RunImages(pending.AsSpan(0, opened), options, started, results, isolateFailures: true, cancellationToken);
            return new BatchPrediction(results, run == 0 ? [] : [run]);
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
