using InferenceService.Imaging;
using InferenceService.Inference.Pipeline;
using InferenceService.Observability;
using InferenceService.Reliability;
using InferenceService.FunctionalTests.Support;
using Microsoft.Extensions.Options;

namespace InferenceService.FunctionalTests.Reliability;

/// <summary>The gate opens a request's image once: the model and the answer (an annotated image) share that source.</summary>
public sealed class InferenceGateImageTests
{
    [SharedAssetFact]
    public async Task The_answer_is_made_from_the_image_the_prediction_opened()
    {
        using var pipeline = TestModels.Load(SharedAssets.Model("yolox-nano"));
        var stage = new RecordingStage();
        using var gate = new InferenceGate(Options.Create(new ReliabilityOptions { Workers = 1 }), stage, new ServiceMetrics());

        var (answeredFrom, width) = await gate.PredictAsync(
            pipeline, TestImages.Jpeg(64, 48), pipeline.DefaultOptions, (_, source, _) => (source, source.Width), CancellationToken.None);

        Assert.Same(stage.Opened, answeredFrom);
        Assert.Equal(64, width);
    }

    private sealed class RecordingStage : IPredictionStage
    {
        public ImageSource? Opened { get; private set; }

        public PredictionResult Run(InferencePipeline pipeline, ImageSource image, PredictionOptions options, CancellationToken cancellationToken)
        {
            Opened = image;
            return pipeline.Predict(image, options, cancellationToken);
        }
    }
}
