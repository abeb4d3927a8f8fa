using System.Security.Cryptography;
using System.Text;
using InferenceService.Model.Repository;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace InferenceService.Features.Models;

/// <summary>
/// POST and DELETE /models of a repository with MODEL_MANAGEMENT=true: only with <c>Authorization: Bearer
/// $MANAGEMENT_TOKEN</c>, else 401. Both sides are hashed first and compared in constant time, so neither the time
/// taken nor an early length mismatch tells a caller how much of a guess was right.
/// </summary>
public sealed class ManagementTokenFilter(IOptions<RepositoryOptions> options) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ManagementToken ?? ""));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.Headers.Authorization is [{ } header] && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim())), _expected))
        {
            return next(context);
        }

        http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return ValueTask.FromResult<object?>(ModelProblems.Unauthorized());
    }
}
