using InferenceService.Model;
using InferenceService.Model.Repository;

namespace InferenceService.Features.Models;

/// <summary>
/// Puts the model the request names on it, with a lease that keeps it loaded until the request has its answer: an
/// unload or a reload's swap waits for it. The name is the route's ({name}), or for a repository's /invocations the
/// one the request chooses (<see cref="TargetModel"/>). A model not served is answered before the body is read: a
/// repository folder that is loading or failed with 503 and its reason, any other name with 404.
/// </summary>
public sealed class ModelLeaseFilter(ModelRegistry registry, ModelRepository repository) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var name = http.Request.RouteValues["name"] as string ?? TargetModel.Of(http.Request, repository);
        if (name is null)
        {
            return ModelProblems.NotChosen();
        }

        if (registry.Acquire(name) is not { } model)
        {
            return repository.Unavailable(name) ?? ModelProblems.NotFound(name, repository.Root);
        }

        try
        {
            ServedModel.Set(http, model);
            return await next(context);
        }
        finally
        {
            model.Release();
        }
    }
}
