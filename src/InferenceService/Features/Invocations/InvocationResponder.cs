using System.Globalization;
using InferenceService.Hosting;
using InferenceService.Imaging;
using InferenceService.Imaging.Rendering;
using InferenceService.Features.AnnotatedImages;
using InferenceService.Inference.Families;
using InferenceService.Inference.Pipeline;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.Invocations;

/// <summary>Writes one prediction in the negotiated <see cref="ResponseFormat"/>.</summary>
public sealed class InvocationResponder(AnnotationRenderer renderer, IOptions<AnnotationOptions> annotation)
{
    private readonly long _maxAnnotatedPixels = annotation.Value.MaxPixels;

    /// <summary>
    /// Runs in the request's worker slot (annotating costs as much as predicting), hence the token, and gets the
    /// image the prediction opened, so an annotated answer does not open it again.
    /// </summary>
    public InvocationResult Respond(Invocation invocation, PredictionResult result, ImageSource image, CancellationToken cancellationToken)
    {
        var pipeline = invocation.Pipeline;
        switch (invocation.Format)
        {
            case ResponseFormat.Jpeg or ResponseFormat.Png:
                var png = invocation.Format == ResponseFormat.Png;
                var annotated = AnnotatedImage.Render(renderer, image, _maxAnnotatedPixels, result, pipeline.Labels,
                    png ? AnnotatedImageFormat.Png : AnnotatedImageFormat.Jpeg, cancellationToken);
                if (annotated.Canvas.IsScaled)
                {
                    invocation.Response.Headers[AnnotatedImage.ScaleHeader] = annotated.Canvas.Scale.ToString("0.######", CultureInfo.InvariantCulture);
                }

                return TypedResults.File(annotated.Encoded, png ? "image/png" : "image/jpeg");
            case var _ when invocation.JsonLinesAnswer:
                return JsonAnswers.Lines([JsonAnswers.Item(invocation.Format, pipeline, result)]);
            case ResponseFormat.SageMaker when result.Task == ModelTask.Classification:
                return TypedResults.Ok(SageMakerClassificationResponse.From(result));
            case ResponseFormat.SageMaker:
                return TypedResults.Ok(SageMakerDetectionResponse.From(result));
            default:
                return TypedResults.Ok(PredictionResponse.From(pipeline.ModelName, result, pipeline.Labels));
        }
    }
}

public static class InvocationResponderSetup
{
    /// <summary>The single-image path and its responder, and the check that the configured default Accept can be answered.</summary>
    public static IServiceCollection AddInvocationResponses(this IServiceCollection services)
    {
        services.AddOptions<ServerOptions>()
            .Validate(o => o.DefaultAccept is null || ResponseFormatNegotiation.CanProduce(o.DefaultAccept),
                "Server:DefaultAccept (SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT) names no type this service answers with: use application/json, application/jsonlines, image/jpeg or image/png.")
            .ValidateOnStart();
        services.AddSingleton<SingleInvocation>();
        return services.AddSingleton<InvocationResponder>();
    }
}
