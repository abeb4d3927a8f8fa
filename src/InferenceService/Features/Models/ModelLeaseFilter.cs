using InferenceService.Model;

namespace InferenceService.Features.Models;

/// <summary>
/// Puts the model the route names on the request, with a lease that keeps it loaded until the request has its
/// answer: an unload waits for it. A model not loaded (or being unloaded) is a 404 before the body is read.
/// </summary>
public sealed class ModelLeaseFilter(ModelRegistry registry) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var name = context.HttpContext.Request.RouteValues["name"] as string;
        if (name is null || registry.Acquire(name) is not { } model)
        {
            return ModelProblems.NotFound(name);
        }

        try
        {
            ServedModel.Set(context.HttpContext, model);
            return await next(context);
        }
        finally
        {
            model.Release();
        }
    }
}
