using InferenceService.Features.ImageUrls;
using InferenceService.Imaging;
using InferenceService.Reliability;

namespace InferenceService.Features.Invocations;

/// <summary>One image, from the body or fetched from its URL (within the URL byte budget), predicted and answered in one worker slot.</summary>
public sealed class SingleInvocation(InferenceGate gate, ImageUrlFetcher urls, InvocationResponder responder)
{
    public async Task<InvocationResult> InvokeAsync(Invocation invocation, ImageEntry entry)
    {
        if (!entry.Succeeded)
        {
            return InvocationProblems.For(entry);
        }

        try
        {
            using var reservation = entry.Url is null ? null : await urls.ReserveAsync(1, invocation.Cancellation);
            var image = reservation is null
                ? invocation.Body.Slice(entry.Offset, entry.Length)
                : await reservation.FetchAsync(entry.Url!, invocation.Cancellation);
            return await gate.PredictAsync(
                invocation.Pipeline, image, invocation.Options, (result, source, token) => responder.Respond(invocation, result, source, token), invocation.Cancellation);
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
}
