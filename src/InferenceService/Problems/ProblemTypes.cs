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

    public static ProblemHttpResult UnsupportedMediaType(string detail) => Create(
        StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported Content-Type", detail);

    public static ProblemHttpResult ServerBusy(string detail) => Create(
        StatusCodes.Status503ServiceUnavailable, "server-busy", "The server is at capacity, retry later", detail);

    public static ProblemHttpResult DeadlineExceeded(int seconds) => Create(
        StatusCodes.Status504GatewayTimeout, "deadline-exceeded", "The request took longer than its deadline",
        $"The request did not finish within {seconds} s (SAGEMAKER_MODEL_SERVER_TIMEOUT).");

    public static ProblemHttpResult NotAcceptable(string detail) =>
        Create(StatusCodes.Status406NotAcceptable, "not-acceptable", "The requested response format cannot be produced", detail);

    public static ProblemHttpResult TooManyInstances(int count, int limit) => Create(
        StatusCodes.Status413PayloadTooLarge, "too-many-instances", "The batch has too many images",
        $"The request carries {count} images; at most {limit} are accepted per request (MAX_BATCH_INSTANCES).");

    public static ProblemHttpResult ImageUrlsDisabled() => Create(
        StatusCodes.Status400BadRequest, "image-urls-disabled", "Image URLs are disabled",
        "This service does not fetch image URLs. Send the image as base64 {\"image\": \"...\"} or raw bytes, or start the service with IMAGE_URLS=allowlist (and IMAGE_URL_ALLOWLIST=host1,host2) or IMAGE_URLS=public.");

    public static ProblemHttpResult ImageUrlRefused(int status, string detail) =>
        Create(status, "image-url-refused", "The image URL cannot be fetched", detail);
}
