using System.Buffers;
using System.Diagnostics;
using InferenceService.Imaging;
using InferenceService.Inference.Families;
using InferenceService.Inference.Preprocessing;
using Microsoft.ML.OnnxRuntime;

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
        if (!RunsBatchesAtOnce || images.Count < 2)
        {
            var one = images.Select(image => PredictOne(image, options, cancellationToken)).ToArray();
            return new BatchPrediction(one, one.Where(r => r.Result is not null).Select(_ => 1).ToArray());
        }

        var results = new BatchItemResult[images.Count];
        var sources = new List<(int Index, ImageSource Source, InputGeometry Geometry)>(images.Count);
        try
        {
            for (var i = 0; i < images.Count; i++)
            {
                try
                {
                    var source = ImageSource.Open(images[i], _limits);
                    sources.Add((i, source, _preprocessor.GeometryFor(source)));
                }
                catch (ImageDecodeException e)
                {
                    results[i] = BatchItemResult.Failed(e);
                }
            }

            var run = RunTogether(sources, options, results, cancellationToken);
            return new BatchPrediction(results, run == 0 ? [] : [run]);
        }
        finally
        {
            foreach (var (_, source, _) in sources)
            {
                source.Dispose();
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

    /// <summary>Writes every decodable image into one [n, …] tensor and decodes each slot of the outputs; returns n.</summary>
    private int RunTogether(List<(int Index, ImageSource Source, InputGeometry Geometry)> sources, PredictionOptions options, BatchItemResult[] results, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var batch = new List<(int Index, ImageSource Source, InputGeometry Geometry)>(sources.Count);
        var perImage = sources.Count == 0 ? 0 : _preprocessor.ElementCount(sources[0].Geometry);
        var isFloat = Plan.Preprocess.ElementType == InputElementType.Float32;
        var floats = isFloat ? ArrayPool<float>.Shared.Rent(Math.Max(1, perImage * sources.Count)) : null;
        var bytes = isFloat ? null : ArrayPool<byte>.Shared.Rent(Math.Max(1, perImage * sources.Count));
        try
        {
            foreach (var item in sources)
            {
                var slot = batch.Count * perImage;
                try
                {
                    if (floats is not null)
                    {
                        _preprocessor.WriteFloat(item.Source, item.Geometry, floats.AsSpan(slot, perImage), cancellationToken);
                    }
                    else
                    {
                        _preprocessor.WriteBytes(item.Source, item.Geometry, bytes.AsSpan(slot, perImage), cancellationToken);
                    }

                    batch.Add(item);
                }
                catch (ImageDecodeException e)
                {
                    results[item.Index] = BatchItemResult.Failed(e);
                }
            }

            if (batch.Count == 0)
            {
                return 0;
            }

            var single = InputShape(batch[0].Geometry);
            long[] shape = [batch.Count, .. single.AsSpan(1)];
            var count = perImage * batch.Count;
            using var input = floats is not null
                ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, floats.AsMemory(0, count), shape)
                : OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, bytes.AsMemory(0, count), shape);
            var preprocessed = Stopwatch.GetTimestamp();
            using var outputs = Run(input, cancellationToken);
            var inferred = Stopwatch.GetTimestamp();
            for (var b = 0; b < batch.Count; b++)
            {
                var (index, source, geometry) = batch[b];
                results[index] = BatchItemResult.Of(Answer(outputs, source, geometry, options, b) with
                {
                    Timings = new StageTimings(
                        Stopwatch.GetElapsedTime(started, preprocessed) / batch.Count,
                        Stopwatch.GetElapsedTime(preprocessed, inferred) / batch.Count,
                        Stopwatch.GetElapsedTime(inferred) / batch.Count),
                });
            }

            return batch.Count;
        }
        finally
        {
            if (floats is not null) ArrayPool<float>.Shared.Return(floats);
            if (bytes is not null) ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
