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

/// <summary>
/// Picks the response format. An explicit <c>format</c> (query string or SageMaker custom attribute, parsed by
/// <see cref="RequestOptionsParser"/>) wins, then <c>annotate=true</c> (an annotated JPEG); otherwise the Accept
/// header, best quality first: image/jpeg, image/png, application/json (with <c>format=sagemaker</c> as a
/// media-type parameter for the SageMaker form), */*.
/// </summary>
public static class ResponseFormatNegotiation
{
    /// <summary>The format, or an error message explaining what could not be satisfied (406 or 400).</summary>
    public static (ResponseFormat? Format, string? Error, bool BadRequest) Negotiate(HttpRequest request, RequestOptions options)
    {
        if (options.Format is { } explicitFormat)
        {
            return (explicitFormat, null, false);
        }

        if (options.Annotate == true)
        {
            return (ResponseFormat.Jpeg, null, false);
        }

        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept) || !MediaTypeHeaderValue.TryParseList(accept.Split(','), out var types))
        {
            return (ResponseFormat.Json, null, false);
        }

        foreach (var media in types.Where(t => t.Quality is not 0).OrderByDescending(t => t.Quality ?? 1))
        {
            if (FromMediaType(media) is { } format)
            {
                return (format, null, false);
            }
        }

        return (null, $"None of the accepted types '{accept}' can be produced: ask for application/json, application/json;format=sagemaker, image/jpeg or image/png.", false);
    }

    private static ResponseFormat? FromMediaType(MediaTypeHeaderValue media)
    {
        var type = media.MediaType.Value ?? "";
        if (type.Equals("image/jpeg", StringComparison.OrdinalIgnoreCase) || type.Equals("image/jpg", StringComparison.OrdinalIgnoreCase))
        {
            return ResponseFormat.Jpeg;
        }

        if (type.Equals("image/png", StringComparison.OrdinalIgnoreCase))
        {
            return ResponseFormat.Png;
        }

        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Equals("application/jsonlines", StringComparison.OrdinalIgnoreCase))
        {
            var parameter = media.Parameters.FirstOrDefault(p => p.Name.Equals("format", StringComparison.OrdinalIgnoreCase));
            return parameter?.Value.Value is { } value && Parse(value.Trim('"')) == ResponseFormat.SageMaker ? ResponseFormat.SageMaker : ResponseFormat.Json;
        }

        return type is "*/*" or "application/*" ? ResponseFormat.Json : null;
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
