namespace InferenceService.Features.ImageUrls;

public enum ImageUrlMode
{
    /// <summary>URLs are refused with a 400 that says how to enable them.</summary>
    Off,

    /// <summary>Only hosts in <see cref="ImageUrlOptions.AllowedHosts"/> (exact, or "*.example.com").</summary>
    Allowlist,

    /// <summary>Any host whose addresses are public.</summary>
    Public,
}

/// <summary>
/// Whether and how <c>{"url": ...}</c> images are fetched (IMAGE_URLS, IMAGE_URL_ALLOWLIST, IMAGE_URL_ALLOW_HTTP,
/// IMAGE_URL_CONCURRENCY, IMAGE_URL_BUDGET_BYTES).
/// </summary>
public sealed class ImageUrlOptions
{
    public const string Section = "ImageUrls";

    public ImageUrlMode Mode { get; set; } = ImageUrlMode.Off;

    /// <summary>Comma-separated host names for <see cref="ImageUrlMode.Allowlist"/>.</summary>
    public string AllowedHosts { get; set; } = "";

    /// <summary>Plain http is refused unless this is set.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Lets loopback addresses through the address guard: for tests against a local server only.</summary>
    public bool AllowLoopback { get; set; }

    public int MaxRedirects { get; set; } = 3;

    public double ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>The whole fetch, redirects, retries and body included.</summary>
    public double TimeoutSeconds { get; set; } = 20;

    /// <summary>Retries of transient failures (timeouts, connection resets, 5xx); 4xx are never retried.</summary>
    public int Retries { get; set; } = 2;

    public double RetryDelaySeconds { get; set; } = 0.5;

    /// <summary>Fetches in flight at once across all requests, so one batch cannot open a connection per URL.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>
    /// Bytes of fetched images held at once across all requests, from the first byte read until the request is
    /// done with them; also the most one request's URLs may fetch together. 64 MiB holds ten images of the default
    /// MAX_BODY_BYTES, enough to keep every fetch slot busy while the images fetched before wait for inference.
    /// </summary>
    public long BudgetBytes { get; set; } = 64 * 1024 * 1024;

    public IReadOnlyList<string> AllowedHostList =>
        AllowedHosts.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
