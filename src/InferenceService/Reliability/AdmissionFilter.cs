namespace InferenceService.Reliability;

/// <summary>
/// Decides admission before the handler reads the body: refusing only once the whole body had been read halved the
/// goodput under overload (100 posting connections: 59 to 30 req/s). The refusal says Connection: close because the
/// body is left unread: the client stops sending it, and the connection cannot carry another request after it.
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
