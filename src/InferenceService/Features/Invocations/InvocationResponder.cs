using System.Globalization;
using InferenceService.Hosting;
using InferenceService.Imaging;
using InferenceService.Imaging.Rendering;
using InferenceService.Features.AnnotatedImages;
using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Pipeline;
using InferenceService.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.Invocations;

/// <summary>Writes one prediction in the negotiated <see cref="ResponseFormat"/>.</summary>
public sealed class InvocationResponder(AnnotationRenderer renderer, IOptions<InferenceOptions> inference, IOptions<AnnotationOptions> annotation)
{
    private readonly ImageLimits _limits = new() { MaxPixels = inference.Value.MaxImagePixels };
    private readonly long _maxAnnotatedPixels = annotation.Value.MaxPixels;

    /// <summary>Runs in the request's worker slot (annotating costs as much as predicting), hence the token.</summary>
    public Results<Ok<PredictionResponse>, Ok<SageMakerDetectionResponse>, Ok<SageMakerClassificationResponse>, FileContentHttpResult, ProblemHttpResult> Single(
        ResponseFormat format, InferencePipeline pipeline, ReadOnlyMemory<byte> image, PredictionResult result, HttpResponse response, CancellationToken cancellationToken)
    {
        switch (format)
        {
            case ResponseFormat.Jpeg or ResponseFormat.Png:
                var annotated = AnnotatedImage.Render(renderer, image, _limits, _maxAnnotatedPixels, result, pipeline.Labels,
                    format == ResponseFormat.Png ? AnnotatedImageFormat.Png : AnnotatedImageFormat.Jpeg, cancellationToken);
                if (annotated.Canvas.IsScaled)
                {
                    response.Headers[AnnotatedImage.ScaleHeader] = annotated.Canvas.Scale.ToString("0.######", CultureInfo.InvariantCulture);
                }

                return TypedResults.File(annotated.Encoded, format == ResponseFormat.Png ? "image/png" : "image/jpeg");
            case ResponseFormat.SageMaker when result.Task == ModelTask.Classification:
                return TypedResults.Ok(SageMakerClassificationResponse.From(result));
            case ResponseFormat.SageMaker:
                return TypedResults.Ok(SageMakerDetectionResponse.From(result));
            default:
                return TypedResults.Ok(PredictionResponse.From(pipeline.ModelName, result, pipeline.Labels));
        }
    }

    /// <summary>One entry of a batch answer: the JSON object for the result (images are one per request).</summary>
    public static object BatchItem(ResponseFormat format, InferencePipeline pipeline, PredictionResult result) => format switch
    {
        ResponseFormat.SageMaker when result.Task == ModelTask.Classification => SageMakerClassificationResponse.From(result),
        ResponseFormat.SageMaker => SageMakerDetectionResponse.From(result),
        _ => PredictionResponse.From(pipeline.ModelName, result, pipeline.Labels),
    };
}

public static class InvocationResponderSetup
{
    public static IServiceCollection AddInvocationResponses(this IServiceCollection services)
    {
        services.AddOptions<ServerOptions>()
            .Validate(o => o.DefaultAccept is null || ResponseFormatNegotiation.CanProduce(o.DefaultAccept),
                "Server:DefaultAccept (SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT) names no type this service answers with: use application/json, application/jsonlines, image/jpeg or image/png.")
            .ValidateOnStart();
        return services.AddSingleton<InvocationResponder>();
    }
}
