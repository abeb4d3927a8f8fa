using InferenceService.Problems;

namespace InferenceService.Model;

/// <summary>
/// 503 with the reason until the model is loaded and warmed up: the one readiness check of /ping, /model and
/// /invocations. On /invocations it runs after admission, before anything reads the body.
/// </summary>
public sealed class ReadinessFilter(ModelState state) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        state.Pipeline is null
            ? ValueTask.FromResult<object?>(ProblemTypes.NotReady(state.Reason, state.Status == ModelStatus.Failed))
            : next(context);
}
