using Microsoft.AspNetCore.Http.HttpResults;

namespace InferenceService.Problems;

/// <summary>
/// Every error the service answers, as RFC 7807 problem JSON with a stable <c>type</c> a client can switch on.
/// </summary>
public static class ProblemTypes
{
    public const string Prefix = "urn:inference-service:problem:";

    public static ProblemHttpResult Create(int status, string slug, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: Prefix + slug);

    public static ProblemHttpResult NotReady(string reason, bool failed) => Create(
        StatusCodes.Status503ServiceUnavailable,
        failed ? "model-failed" : "model-loading",
        failed ? "The model failed to load" : "The model is loading",
        reason);

    public static ProblemHttpResult InvalidJson(string detail) =>
        Create(StatusCodes.Status400BadRequest, "invalid-json", "The request body is not valid JSON", detail);

    public static ProblemHttpResult InvalidRequest(string detail) =>
        Create(StatusCodes.Status400BadRequest, "invalid-request", "The request is missing what it needs", detail);

    public static ProblemHttpResult InvalidOption(string option, string detail)
    {
        var problem = Create(StatusCodes.Status400BadRequest, "invalid-option", $"Invalid request option '{option}'", detail);
        problem.ProblemDetails.Extensions["option"] = option;
        return problem;
    }

    public static ProblemHttpResult InvalidBase64(string detail) =>
        Create(StatusCodes.Status400BadRequest, "invalid-base64", "The image is not valid base64", detail);

    public static ProblemHttpResult InvalidImage(string detail) =>
        Create(StatusCodes.Status400BadRequest, "invalid-image", "The image cannot be decoded", detail);

    public static ProblemHttpResult ImageTooLarge(string detail) =>
        Create(StatusCodes.Status413PayloadTooLarge, "image-too-large", "The image has too many pixels", detail);

    public static ProblemHttpResult BodyTooLarge(long limit) => Create(
        StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is too large",
        $"The request body exceeds the limit of {limit:N0} bytes (MAX_BODY_BYTES).");

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) => Create(
        StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported Content-Type",
        $"Content-Type '{contentType ?? "(none)"}' is not accepted. Send application/json with {{\"image\": \"<base64>\"}} or a raw image as image/jpeg, image/png, image/webp, image/bmp, application/x-image or application/octet-stream.");
}
