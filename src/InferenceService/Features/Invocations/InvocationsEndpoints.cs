using InferenceService.Features.Batches;
using InferenceService.Features.ImageUrls;
using InferenceService.Hosting;
using InferenceService.Imaging;
using InferenceService.Inference;
using InferenceService.Inference.Pipeline;
using InferenceService.Model;
using InferenceService.Problems;
using InferenceService.Reliability;
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
            .WithDescription("Send {\"image\": \"<base64>\"} or {\"url\": \"https://...\"} as application/json, {\"instances\": [...]} or JSON Lines for a batch, or the image bytes as image/jpeg, image/png, image/webp, image/bmp, application/x-image or application/octet-stream. Accept: image/jpeg or image/png returns the annotated image; format=sagemaker (query, X-Amzn-SageMaker-Custom-Attributes, or Accept: application/json;format=sagemaker) returns SageMaker's built-in form.")
            .AddOpenApiOperationTransformer(InvocationsDocumentation.DescribeRequestBody)
            .Produces<PredictionResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .AddEndpointFilter<AdmissionFilter>()
            .DisableAntiforgery();
        return app;
    }

    internal static async Task<Results<Ok<PredictionResponse>, Ok<SageMakerDetectionResponse>, Ok<SageMakerClassificationResponse>, FileContentHttpResult, ProblemHttpResult>> InvokeAsync(
        HttpRequest request,
        ModelState state,
        InferenceGate gate,
        IOptions<ServerOptions> server,
        InvocationResponder responder,
        ImageUrlFetcher urls,
        CancellationToken cancellationToken)
    {
        if (state.Pipeline is not { } pipeline)
        {
            return ProblemTypes.NotReady(state.Reason, state.Status == ModelStatus.Failed);
        }

        var (requestOptions, optionError) = RequestOptionsParser.Parse(request.Query, request.Headers[RequestOptionsParser.CustomAttributesHeader]);
        if (requestOptions is null)
        {
            return ProblemTypes.InvalidOption(optionError!.Option, optionError.Message);
        }

        var kind = RequestContentType.Classify(request.ContentType);
        if (kind == RequestContentType.Kind.Unsupported)
        {
            return ProblemTypes.UnsupportedMediaType(request.ContentType);
        }

        var negotiation = ResponseFormatNegotiation.Negotiate(request, requestOptions, server.Value.DefaultAccept);
        if (negotiation.Format is not { } format)
        {
            return negotiation.BadRequest ? ProblemTypes.InvalidRequest(negotiation.Error!) : ProblemTypes.NotAcceptable(negotiation.Error!);
        }

        var limit = server.Value.BodyLimit;
        using var body = await PooledBody.ReadAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return ProblemTypes.BodyTooLarge(limit);
        }

        if (kind == RequestContentType.Kind.Sniff && (kind = RequestContentType.Sniff(body.Span)) == RequestContentType.Kind.Unsupported)
        {
            return ProblemTypes.UnsupportedMediaType(null);
        }

        // Only SageMaker's classifier form needs every class's probability; other answers do not pay for the vector.
        var options = requestOptions.ApplyTo(pipeline.DefaultOptions) with { IncludeProbabilities = format == ResponseFormat.SageMaker };
        if (requestOptions.Applied.Count > 0)
        {
            // SageMaker returns custom attributes to the caller only when the container sets them on the response.
            request.HttpContext.Response.Headers[RequestOptionsParser.CustomAttributesHeader] = string.Join(',', requestOptions.Applied);
        }

        ImageEntry entry;
        if (kind == RequestContentType.Kind.RawImage)
        {
            entry = new ImageEntry(0, body.Length, null, JsonImageRequest.ErrorKind.None, null);
        }
        else
        {
            var payload = kind == RequestContentType.Kind.JsonLines
                ? new InvocationPayload.Parsed(true, BatchInvocation.ParseJsonLines(body.Span))
                : InvocationPayload.Parse(body.Span);
            if (payload.IsBatch)
            {
                var lines = kind == RequestContentType.Kind.JsonLines || negotiation.JsonLines;
                return await BatchAsync(lines, payload.Entries, body.Memory, format, pipeline, options, server.Value, urls, gate, cancellationToken);
            }

            entry = payload.Entries[0];
            if (!entry.Succeeded)
            {
                return InvocationProblems.For(entry);
            }
        }

        try
        {
            using var reservation = entry.Url is null ? null : await urls.ReserveAsync(1, cancellationToken);
            var image = reservation is null
                ? body.Memory.Slice(entry.Offset, entry.Length)
                : await reservation.FetchAsync(entry.Url!, cancellationToken);
            return await gate.PredictAsync(pipeline, image, options, (result, token) =>
                negotiation.JsonLines && format is ResponseFormat.Json or ResponseFormat.SageMaker
                    ? BatchInvocation.Lines([InvocationResponder.BatchItem(format, pipeline, result)])
                    : responder.Single(format, pipeline, image, result, request.HttpContext.Response, token), cancellationToken);
        }
        catch (ImageUrlRefusedException e)
        {
            return InvocationProblems.For(e);
        }
        catch (ImageDecodeException e)
        {
            return InvocationProblems.For(e);
        }
    }

    private static async Task<Results<Ok<PredictionResponse>, Ok<SageMakerDetectionResponse>, Ok<SageMakerClassificationResponse>, FileContentHttpResult, ProblemHttpResult>> BatchAsync(
        bool jsonLines, IReadOnlyList<ImageEntry> entries, Memory<byte> body, ResponseFormat format,
        InferencePipeline pipeline, PredictionOptions options, ServerOptions server, ImageUrlFetcher urls, InferenceGate gate, CancellationToken cancellationToken)
    {
        if (format is ResponseFormat.Jpeg or ResponseFormat.Png)
        {
            return ProblemTypes.NotAcceptable("Annotated images are returned one per request; ask a batch for application/json.");
        }

        if (entries.Count > server.MaxBatchInstances)
        {
            return ProblemTypes.TooManyInstances(entries.Count, server.MaxBatchInstances);
        }

        return jsonLines
            ? await BatchInvocation.JsonLinesAsync(entries, body, format, pipeline, options, urls, gate, cancellationToken)
            : await BatchInvocation.InstancesAsync(entries, body, format, pipeline, options, urls, gate, cancellationToken);
    }
}
