using System.Net;
using InferenceService.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace InferenceService.Features.ImageUrls;

public static class ImageUrlSetup
{
    public const string ClientName = "image-urls";

    /// <summary>
    /// The HTTP client image URLs are fetched with: the guarded connect, no proxy (it would connect for us),
    /// no automatic redirects (each hop is re-checked by <see cref="ImageUrlFetcher"/>), no cookies, and Polly
    /// retries of transient failures (connection errors, attempt timeouts, 5xx) but never of a 4xx.
    /// </summary>
    public static IServiceCollection AddImageUrls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImageUrlOptions>()
            .Bind(configuration.GetSection(ImageUrlOptions.Section))
            .Validate(o => o.MaxRedirects is >= 0 and <= 10, "ImageUrls:MaxRedirects must be between 0 and 10.")
            .Validate(o => o.Mode != ImageUrlMode.Allowlist || o.AllowedHostList.Count > 0, "IMAGE_URLS=allowlist needs IMAGE_URL_ALLOWLIST=host1,host2.")
            .Validate(o => o.Concurrency is >= 1 and <= 1024, "IMAGE_URL_CONCURRENCY must be between 1 and 1024.")
            .Validate<IOptions<ServerOptions>>((o, server) => o.Mode == ImageUrlMode.Off || o.BudgetBytes >= server.Value.BodyLimit,
                "IMAGE_URL_BUDGET_BYTES must be at least MAX_BODY_BYTES, or no image of the largest allowed size could be fetched.")
            .ValidateOnStart();
        services.AddSingleton<ImageUrlBudget>();
        services.AddSingleton<ImageUrlFetcher>();
        services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<ImageUrlOptions>>().Value;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.None,
                    ConnectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
                    ConnectCallback = new GuardedConnector(options.AllowLoopback).ConnectAsync,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                };
            })
            .AddResilienceHandler("image-url-retries", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ImageUrlOptions>>().Value;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(0, options.Retries),
                    Delay = TimeSpan.FromSeconds(options.RetryDelaySeconds),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(Math.Max(options.ConnectTimeoutSeconds, options.TimeoutSeconds / 2)));
            });
        return services;
    }

    /// <summary>5xx, attempt timeouts and connection failures; never a 4xx nor a refusal of the address guard.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => (int)response.StatusCode >= 500,
        { Exception: Polly.Timeout.TimeoutRejectedException } => true,
        { Exception: HttpRequestException e } => ImageUrlFetcher.FindRefusal(e) is null,
        _ => false,
    };
}
