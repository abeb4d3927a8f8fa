using InferenceService.Features.ImageUrls;
using InferenceService.Imaging;
using InferenceService.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InferenceService.Features.Invocations;

/// <summary>The problem answer for each way one image of a request can fail, shared by single and batch requests.</summary>
public static class InvocationProblems
{
    public static ProblemHttpResult For(ImageEntry entry) => entry.Error switch
    {
        EntryError.MalformedJson => ProblemTypes.InvalidJson(entry.Message!),
        EntryError.InvalidBase64 => ProblemTypes.InvalidBase64(entry.Message!),
        _ => ProblemTypes.InvalidRequest(entry.Message!),
    };

    public static ProblemHttpResult For(ImageDecodeException e) =>
        e.Kind == ImageErrorKind.TooLarge ? ProblemTypes.ImageTooLarge(e.Message) : ProblemTypes.InvalidImage(e.Message);

    public static ProblemHttpResult For(ImageUrlRefusedException e) =>
        e.Disabled ? ProblemTypes.ImageUrlsDisabled() : ProblemTypes.ImageUrlRefused(e.Status, e.Message);

    /// <summary>A Content-Type outside <see cref="RequestContentType.Accepted"/>, or none and a body that is no image or JSON.</summary>
    public static ProblemHttpResult UnsupportedMediaType(string? contentType) => ProblemTypes.UnsupportedMediaType(
        (contentType is null
            ? "No Content-Type was sent and the body is neither a JPEG, PNG, WebP, GIF or BMP image nor JSON."
            : $"Content-Type '{contentType}' is not accepted.") + " " + RequestContentType.AcceptedDescription);
}
