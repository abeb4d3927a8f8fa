using InferenceService.Hosting;
using InferenceService.Imaging;
using InferenceService.Inference;
using InferenceService.Inference.Pipeline;
using InferenceService.Model;
using InferenceService.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.Invocations;

public static class InvocationsEndpoints
{
    public static IEndpointRouteBuilder MapInvocations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Inference");
        group.MapPost("/invocations", InvokeAsync)
            .WithName("Invocations")
            .WithSummary("Detect or classify the objects in one image.")
            .WithDescription("Send {\"image\": \"<base64>\"} as application/json, or the image bytes as image/jpeg, image/png, image/webp, image/bmp, application/x-image or application/octet-stream.")
            .AddOpenApiOperationTransformer(InvocationsDocumentation.DescribeRequestBody)
            .Produces<PredictionResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();
        return app;
    }

    internal static async Task<Results<Ok<PredictionResponse>, ProblemHttpResult>> InvokeAsync(
        HttpRequest request,
        ModelState state,
        IOptions<ServerOptions> server,
        CancellationToken cancellationToken)
    {
        if (state.Pipeline is not { } pipeline)
        {
            return ProblemTypes.NotReady(state.Reason, state.Status == ModelStatus.Failed);
        }

        var (requestOptions, optionError) = RequestOptionsParser.Parse(request.Query, request.Headers[RequestOptionsParser.CustomAttributesHeader]);
        if (optionError is not null)
        {
            return ProblemTypes.InvalidOption(optionError.Option, optionError.Message);
        }

        var kind = RequestContentType.Classify(request.ContentType);
        if (kind == RequestContentType.Kind.Unsupported)
        {
            return ProblemTypes.UnsupportedMediaType(request.ContentType);
        }

        var limit = server.Value.MaxBodyBytes;
        using var body = await PooledBody.ReadAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return ProblemTypes.BodyTooLarge(limit);
        }

        Memory<byte> image;
        if (kind == RequestContentType.Kind.Json)
        {
            var parsed = JsonImageRequest.Parse(body.Span);
            if (!parsed.Succeeded)
            {
                return parsed.Error switch
                {
                    JsonImageRequest.ErrorKind.MalformedJson => ProblemTypes.InvalidJson(parsed.Message!),
                    JsonImageRequest.ErrorKind.InvalidBase64 => ProblemTypes.InvalidBase64(parsed.Message!),
                    _ => ProblemTypes.InvalidRequest(parsed.Message!),
                };
            }

            image = body.Memory.Slice(parsed.Offset, parsed.Length);
        }
        else
        {
            image = body.Memory;
        }

        try
        {
            var result = pipeline.Predict(image, requestOptions!.ApplyTo(pipeline.DefaultOptions));
            if (requestOptions.Applied.Count > 0)
            {
                request.HttpContext.Response.Headers[RequestOptionsParser.CustomAttributesHeader] = string.Join(',', requestOptions.Applied);
            }

            return TypedResults.Ok(PredictionResponse.From(pipeline.ModelName, result, pipeline.Labels));
        }
        catch (ImageDecodeException e)
        {
            return e.Kind == ImageErrorKind.TooLarge ? ProblemTypes.ImageTooLarge(e.Message) : ProblemTypes.InvalidImage(e.Message);
        }
    }
}
