using System.Buffers;
using InferenceService.Inference.Families;
using InferenceService.Inference.Postprocessing;
using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Pipeline;

/// <summary>
/// Image <c>batchIndex</c> of the outputs as an answer in upright image pixels, shared by single predictions and
/// batches so both answer alike. Timings are the caller's to set.
/// </summary>
public sealed partial class InferencePipeline
{
    private PredictionResult Answer(IReadOnlyList<OrtValue> outputs, in PendingImage image, PredictionOptions options, int batchIndex)
    {
        var context = new DecodeContext(image.Geometry.TensorWidth, image.Geometry.TensorHeight, options.Confidence, batchIndex);
        return Plan.Decoder switch
        {
            IClassificationDecoder classifier => Classify(classifier, outputs, context, image, options),
            IDetectionDecoder detector => Detect(detector, outputs, context, image, options),
            _ => throw new InvalidOperationException($"{Plan.Decoder.GetType().Name} decodes neither detections nor classes."),
        };
    }

    /// <summary>The top-k classes, and every class's probability when the request asks for them.</summary>
    private PredictionResult Classify(
        IClassificationDecoder decoder, IReadOnlyList<OrtValue> outputs, in DecodeContext context, in PendingImage image, PredictionOptions options)
    {
        var all = options.IncludeProbabilities ? new float[decoder.ClassCount] : null;
        return new PredictionResult(ModelTask.Classification, image.Source.Width, image.Source.Height, [], default)
        {
            Classifications = TopClassesOf(decoder, outputs, context, options, all),
            Probabilities = all,
        };
    }

    /// <summary>Decodes the row into <paramref name="all"/> when given, else into a pooled buffer, and picks the top k.</summary>
    private List<Classification> TopClassesOf(
        IClassificationDecoder decoder, IReadOnlyList<OrtValue> outputs, in DecodeContext context, PredictionOptions options, float[]? all)
    {
        if (options.TopK <= 0 && all is null)
        {
            return [];
        }

        var classes = decoder.ClassCount;
        var rented = all is null ? ArrayPool<float>.Shared.Rent(classes) : null;
        try
        {
            var probabilities = (all ?? rented!).AsSpan(0, classes);
            decoder.DecodeProbabilities(outputs, context, probabilities, Plan.Softmax);
            return TopClasses.Select(probabilities, options.TopK, Labels, options.Classes);
        }
        finally
        {
            if (rented is not null) ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Decoded candidates mapped to the image, filtered, then suppressed (or only ranked) and capped.</summary>
    private PredictionResult Detect(
        IDetectionDecoder decoder, IReadOnlyList<OrtValue> outputs, in DecodeContext context, in PendingImage image, PredictionOptions options)
    {
        var detections = new List<Detection>();
        decoder.DecodeDetections(outputs, context, detections);
        BoxMapping.ToImage(detections, image.Geometry, Labels, options.Classes, decoder.BoxesInImagePixels);
        if (Plan.AppliesNms)
        {
            NonMaxSuppression.Apply(detections, options.Iou, options.MaxDetections);
        }
        else
        {
            NonMaxSuppression.TopK(detections, options.MaxDetections);
        }

        return new PredictionResult(ModelTask.Detection, image.Source.Width, image.Source.Height, detections, default);
    }
}
