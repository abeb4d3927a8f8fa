using InferenceService.Hosting;
using InferenceService.Inference.Pipeline;
using InferenceService.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.Invocations;

/// <summary>
/// What an /invocations request asks for, bound once from its query string and headers before its body is read:
/// the option overrides, the reader its Content-Type selects and the negotiated answer, or the problem that
/// refuses it. Binding never fails; the handler returns <see cref="Problem"/> once the readiness filter has passed.
/// </summary>
public sealed record InvocationRequest(RequestOptions Options, RequestContentType.Kind Kind, Negotiation Negotiation, ProblemHttpResult? Problem)
{
    public static ValueTask<InvocationRequest?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<InvocationRequest?>(Bind(context.Request, context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.DefaultAccept));

    public static InvocationRequest Bind(HttpRequest request, string? defaultAccept)
    {
        var (options, optionError) = RequestOptionsParser.Parse(request.Query, request.Headers[RequestOptionsParser.CustomAttributesHeader]);
        if (options is null)
        {
            return Refused(ProblemTypes.InvalidOption(optionError!.Option, optionError.Message));
        }

        var kind = RequestContentType.Classify(request.ContentType);
        if (kind == RequestContentType.Kind.Unsupported)
        {
            return Refused(InvocationProblems.UnsupportedMediaType(request.ContentType));
        }

        var negotiation = ResponseFormatNegotiation.Negotiate(request, options, defaultAccept);
        if (negotiation.Format is null)
        {
            return Refused(negotiation.BadRequest ? ProblemTypes.InvalidRequest(negotiation.Error!) : ProblemTypes.NotAcceptable(negotiation.Error!));
        }

        return new InvocationRequest(options, kind, negotiation, null);
    }

    /// <summary>The negotiated answer's form (bound only when there is one).</summary>
    public ResponseFormat Format => Negotiation.Format ?? ResponseFormat.Json;

    /// <summary>
    /// The model's thresholds with this request's overrides, echoing the applied ones on the response: SageMaker
    /// returns custom attributes to the caller only when the container sets them.
    /// </summary>
    public PredictionOptions ApplyTo(InferencePipeline pipeline, HttpResponse response)
    {
        if (Options.Applied.Count > 0)
        {
            response.Headers[RequestOptionsParser.CustomAttributesHeader] = string.Join(',', Options.Applied);
        }

        // Only SageMaker's classifier form needs every class's probability; other answers do not pay for the vector.
        return Options.ApplyTo(pipeline.DefaultOptions) with { IncludeProbabilities = Negotiation.Format == ResponseFormat.SageMaker };
    }

    private static InvocationRequest Refused(ProblemHttpResult problem) => new(RequestOptions.None, RequestContentType.Kind.Unsupported, Negotiation.Of(ResponseFormat.Json), problem);
}
