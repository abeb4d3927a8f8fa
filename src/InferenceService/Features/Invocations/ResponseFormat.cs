using Microsoft.Net.Http.Headers;

namespace InferenceService.Features.Invocations;

/// <summary>What the answer to one invocation looks like.</summary>
public enum ResponseFormat
{
    /// <summary>This service's JSON (<see cref="PredictionResponse"/>).</summary>
    Json,

    /// <summary>SageMaker's built-in algorithms' JSON: <c>{"prediction": [...]}</c>, boxes normalised to 0–1.</summary>
    SageMaker,

    /// <summary>The upright image with the detections drawn, as JPEG.</summary>
    Jpeg,

    /// <summary>The upright image with the detections drawn, as PNG.</summary>
    Png,
}

/// <summary>The negotiated answer: its format and whether JSON goes out as JSON Lines, or why none can be given.</summary>
public sealed record Negotiation(ResponseFormat? Format, bool JsonLines, string? Error, bool BadRequest)
{
    public static Negotiation Of(ResponseFormat format, bool jsonLines = false) => new(format, jsonLines, null, false);
}

/// <summary>
/// Picks the response format. An explicit <c>format</c> (query string or SageMaker custom attribute, parsed by
/// <see cref="RequestOptionsParser"/>) wins, then <c>annotate=true</c> (an annotated JPEG); otherwise the Accept
/// header, best quality first and, among equals, the first listed that can be produced: image/jpeg, image/png,
/// application/json or application/jsonlines (with <c>format=sagemaker</c> as a media-type parameter for the
/// SageMaker form), */*. A missing Accept or */* takes the configured default (SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT).
/// </summary>
public static class ResponseFormatNegotiation
{
    public const string JsonLinesMediaType = "application/jsonlines";

    public static Negotiation Negotiate(HttpRequest request, RequestOptions options, string? defaultAccept)
    {
        if (options.Format is { } explicitFormat)
        {
            return Negotiation.Of(explicitFormat);
        }

        if (options.Annotate == true)
        {
            return Negotiation.Of(ResponseFormat.Jpeg);
        }

        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept) || accept.Trim() == "*/*")
        {
            accept = defaultAccept ?? "";
        }

        if (string.IsNullOrWhiteSpace(accept) || !MediaTypeHeaderValue.TryParseList(accept.Split(','), out var types))
        {
            return Negotiation.Of(ResponseFormat.Json);
        }

        foreach (var media in types.Where(t => t.Quality is not 0).OrderByDescending(t => t.Quality ?? 1))
        {
            if (FromMediaType(media) is { } negotiated)
            {
                return negotiated;
            }
        }

        return new Negotiation(null, false, $"None of the accepted types '{accept}' can be produced: ask for application/json, {JsonLinesMediaType}, application/json;format=sagemaker, image/jpeg or image/png.", false);
    }

    /// <summary>Whether a configured default Accept names something this service can answer with.</summary>
    public static bool CanProduce(string accept) =>
        MediaTypeHeaderValue.TryParseList(accept.Split(','), out var types) && types.Any(t => FromMediaType(t) is not null);

    private static Negotiation? FromMediaType(MediaTypeHeaderValue media)
    {
        var type = media.MediaType.Value ?? "";
        if (type.Equals("image/jpeg", StringComparison.OrdinalIgnoreCase) || type.Equals("image/jpg", StringComparison.OrdinalIgnoreCase))
        {
            return Negotiation.Of(ResponseFormat.Jpeg);
        }

        if (type.Equals("image/png", StringComparison.OrdinalIgnoreCase))
        {
            return Negotiation.Of(ResponseFormat.Png);
        }

        var lines = RequestContentType.IsJsonLines(type);
        if (lines || type.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            var parameter = media.Parameters.FirstOrDefault(p => p.Name.Equals("format", StringComparison.OrdinalIgnoreCase));
            var sageMaker = parameter?.Value.Value is { } value && Parse(value.Trim('"')) == ResponseFormat.SageMaker;
            return Negotiation.Of(sageMaker ? ResponseFormat.SageMaker : ResponseFormat.Json, lines);
        }

        return type is "*/*" or "application/*" ? Negotiation.Of(ResponseFormat.Json) : null;
    }

    public static ResponseFormat? Parse(string value) => value.ToLowerInvariant() switch
    {
        "json" => ResponseFormat.Json,
        "sagemaker" => ResponseFormat.SageMaker,
        "jpeg" or "jpg" or "image/jpeg" => ResponseFormat.Jpeg,
        "png" or "image/png" => ResponseFormat.Png,
        _ => null,
    };
}
