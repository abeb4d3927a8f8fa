namespace InferenceService.Features.Invocations;

/// <summary>Answers a request of many images. Batches implements it, so this folder never depends on that one.</summary>
public interface IBatchInvocation
{
    Task<InvocationResult> InvokeAsync(Invocation invocation, IReadOnlyList<ImageEntry> entries, bool jsonLines);
}
