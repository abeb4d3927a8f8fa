namespace InferenceService.Reliability;

/// <summary>
/// Decides admission before the handler reads the body: under overload, refusing only after a 6 MB upload halved the
/// goodput. The refusal closes the connection, because the unread body would otherwise be taken for the next request.
/// </summary>
public sealed class AdmissionFilter(InferenceGate gate) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!gate.TryAdmit())
        {
            context.HttpContext.Response.Headers.Connection = "close";
            throw new ServerBusyException(gate.Workers, gate.QueueLength);
        }

        try
        {
            return await next(context);
        }
        finally
        {
            gate.Leave();
        }
    }
}
