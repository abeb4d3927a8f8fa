using System.Globalization;
using InferenceService.Problems;
using Microsoft.Extensions.Options;

namespace InferenceService.Reliability;

/// <summary>
/// Gives every request a deadline (its <see cref="HttpContext.RequestAborted"/> token fires at
/// <see cref="ReliabilityOptions.TimeoutSeconds"/>, so body reads, queueing and the ONNX Runtime run all stop)
/// and turns the two ways the server declines work into problems: 503 + Retry-After when it is full, 504 when
/// the deadline passed; a body Kestrel could not read becomes its 4xx problem.
/// </summary>
public sealed class RequestGuard(RequestDelegate next, IOptions<ReliabilityOptions> options, ILogger<RequestGuard> logger)
{
    private readonly SheddingLog _shedding = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var o = options.Value;
        var clientAborted = context.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        deadline.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        context.RequestAborted = deadline.Token;
        try
        {
            await next(context);
        }
        catch (ServerBusyException e) when (!context.Response.HasStarted)
        {
            _shedding.Refused(logger, context.Request.Path, e.Message);
            context.Response.Headers.RetryAfter = o.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await ProblemTypes.ServerBusy(e.Message).ExecuteAsync(context);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !clientAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            logger.LogWarning("{Path} passed its {Timeout} s deadline", context.Request.Path, o.TimeoutSeconds);
            await ProblemTypes.DeadlineExceeded(o.TimeoutSeconds).ExecuteAsync(context);
        }
        catch (Exception e) when (FrameworkProblems.StatusFor(e) < StatusCodes.Status500InternalServerError && !context.Response.HasStarted)
        {
            // A body Kestrel could not read (bad chunk, too slow, too large) is the client's fault: answered here, the
            // request log records a 4xx instead of an unhandled exception.
            await FrameworkProblems.For(FrameworkProblems.StatusFor(e), e.Message).ExecuteAsync(context);
        }
        catch (OperationCanceledException) when (clientAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to answer.
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
        }
    }
}
