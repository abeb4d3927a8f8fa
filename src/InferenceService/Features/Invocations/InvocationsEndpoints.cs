using InferenceService.Hosting;
using InferenceService.Model;
using InferenceService.Problems;
using InferenceService.Reliability;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.Invocations;

/// <summary>
/// The front door: admission (before the body is read), readiness, the request's options bound once
/// (<see cref="InvocationRequest"/>), then the body read into one pooled buffer and classified in one pass
/// (<see cref="JsonImageBody"/>), and handed to the single-image path or the batch path.
/// </summary>
public static class InvocationsEndpoints
{
    public static IEndpointRouteBuilder MapInvocations(this IEndpointRouteBuilder app)
    {
        MapInvoke(app.MapGroup("").WithTags("Inference"), "/invocations")
            .WithName("Invocations")
            .WithSummary("Detect or classify the objects in one image.")
            .AddEndpointFilter<AdmissionFilter>()
            .AddEndpointFilter<ReadinessFilter>();
        return app;
    }

    /// <summary>
    /// The one invocation handler and what it answers, for /invocations and a multi-model endpoint's
    /// /models/{name}/invoke alike; the caller adds the filters that choose the model (<see cref="ServedModel"/>).
    /// </summary>
    public static RouteHandlerBuilder MapInvoke(IEndpointRouteBuilder routes, string pattern) =>
        routes.MapPost(pattern, InvokeAsync)
            .WithDescription($"Send {{\"image\": \"<base64>\"}} or {{\"url\": \"https://...\"}} as application/json, {{\"instances\": [...]}} or JSON Lines ({string.Join(", ", RequestContentType.JsonLinesTypes)}) for a batch, or the image bytes as {string.Join(", ", RequestContentType.RawImageTypes)}. Accept: image/jpeg or image/png returns the annotated image; format=sagemaker (query, X-Amzn-SageMaker-Custom-Attributes, or Accept: application/json;format=sagemaker) returns SageMaker's built-in form.")
            .AddOpenApiOperationTransformer(InvocationsDocumentation.DescribeRequestBody)
            .Produces<PredictionResponse>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .DisableAntiforgery();

    internal static async Task<InvocationResult> InvokeAsync(
        InvocationRequest request, HttpContext http, ModelState model, IOptions<ServerOptions> server, SingleInvocation single, IBatchInvocation batch)
    {
        if (request.Problem is { } refused)
        {
            return refused;
        }

        var limit = server.Value.BodyLimit;
        using var body = await PooledBody.ReadAsync(http.Request, limit, http.RequestAborted);
        if (body is null)
        {
            return ProblemTypes.BodyTooLarge(limit);
        }

        var kind = request.Kind == RequestContentType.Kind.Sniff ? RequestContentType.Sniff(body.Span) : request.Kind;
        if (kind == RequestContentType.Kind.Unsupported)
        {
            return InvocationProblems.UnsupportedMediaType(null);
        }

        var pipeline = ServedModel.For(http, model);
        var invocation = new Invocation(
            pipeline, request.ApplyTo(pipeline, http.Response), request.Format, request.Negotiation.JsonLines, body.Memory, http.Response, http.RequestAborted);
        if (kind == RequestContentType.Kind.RawImage)
        {
            return await single.InvokeAsync(invocation, ImageEntry.Bytes(0, body.Length));
        }

        if (kind == RequestContentType.Kind.JsonLines)
        {
            return await batch.InvokeAsync(invocation, JsonImageBody.ParseLines(body.Span), jsonLines: true);
        }

        var json = JsonImageBody.Parse(body.Span);
        return json.Batch is { } entries
            ? await batch.InvokeAsync(invocation, entries, invocation.JsonLinesAnswer)
            : await single.InvokeAsync(invocation, json.Single);
    }
}
