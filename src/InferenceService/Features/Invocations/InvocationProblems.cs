using InferenceService.Features.Batches;
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
        JsonImageRequest.ErrorKind.MalformedJson => ProblemTypes.InvalidJson(entry.Message!),
        JsonImageRequest.ErrorKind.InvalidBase64 => ProblemTypes.InvalidBase64(entry.Message!),
        _ => ProblemTypes.InvalidRequest(entry.Message!),
    };

    public static ProblemHttpResult For(ImageDecodeException e) =>
        e.Kind == ImageErrorKind.TooLarge ? ProblemTypes.ImageTooLarge(e.Message) : ProblemTypes.InvalidImage(e.Message);

    public static ProblemHttpResult For(ImageUrlRefusedException e) =>
        e.Disabled ? ProblemTypes.ImageUrlsDisabled() : ProblemTypes.ImageUrlRefused(e.Status, e.Message);
}
