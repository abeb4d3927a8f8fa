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
public static class ManagementToken
{
    private const string Scheme = "Bearer ";

    /// <summary>
    /// Checks the token before the endpoint binds its body: an endpoint filter runs after binding, so a caller
    /// without the token would learn from a 400 that its JSON was malformed, and the body would be read for nobody.
    /// </summary>
    public static RouteHandlerBuilder RequireManagementToken(this RouteHandlerBuilder builder)
    {
        builder.Add(endpoint =>
        {
            var expected = SHA256.HashData(Encoding.UTF8.GetBytes(
                endpoint.ApplicationServices.GetRequiredService<IOptions<RepositoryOptions>>().Value.ManagementToken ?? ""));
            var next = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context =>
            {
                if (Accepts(context.Request, expected))
                {
                    return next(context);
                }

                context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
                return ModelProblems.Unauthorized().ExecuteAsync(context);
            };
        });
        return builder.ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static bool Accepts(HttpRequest request, byte[] expected) =>
        request.Headers.Authorization is [{ } header] && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim())), expected);
}
