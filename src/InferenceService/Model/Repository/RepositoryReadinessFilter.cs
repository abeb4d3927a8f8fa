namespace InferenceService.Model.Repository;

/// <summary>
/// /ping of a repository: 503 until the first scan has loaded every folder it can, then 200 while any model serves.
/// A folder that fails does not hold the others back, and a folder added later loads without taking the instance
/// out of its load balancer.
/// </summary>
public sealed class RepositoryReadinessFilter(ModelRepository repository) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        repository.NotReady() is { } problem ? ValueTask.FromResult<object?>(problem) : next(context);
}
