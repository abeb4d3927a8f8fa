using InferenceService.Hosting;
using InferenceService.Model.Repository;

namespace InferenceService.Features.Models;

/// <summary>
/// The model a repository's /invocations runs: <c>?model=NAME</c>, else SageMaker's
/// <c>X-Amzn-SageMaker-Target-Model</c> header, else DEFAULT_MODEL, else the repository's only folder; null when
/// there are several and the request names none.
/// </summary>
public static class TargetModel
{
    public const string QueryKey = "model";

    public static string? Of(HttpRequest request, ModelRepository repository)
    {
        if (request.Query[QueryKey] is [{ Length: > 0 } query])
        {
            return query;
        }

        return request.Headers[LoggingSetup.TargetModelHeader] is [{ Length: > 0 } header] ? header : repository.DefaultModel();
    }
}
