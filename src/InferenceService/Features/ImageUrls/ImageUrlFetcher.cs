using System.Net;
using InferenceService.Hosting;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.ImageUrls;

/// <summary>
/// Fetches the image of a <c>{"url": ...}</c> request under the configured policy: mode and allowlist, https
/// unless http is allowed, public addresses only (checked at connect time by <see cref="GuardedConnector"/>),
/// at most <see cref="ImageUrlOptions.MaxRedirects"/> redirects each re-checked, an image content type, and the
/// same size limit as a request body. At most <see cref="ImageUrlOptions.Concurrency"/> fetches run at once in
/// the process, and their bytes count against the <see cref="ImageUrlBudget"/>. Every refusal is an
/// <see cref="ImageUrlRefusedException"/>.
/// </summary>
public sealed class ImageUrlFetcher(IHttpClientFactory clients, IOptions<ImageUrlOptions> options, IOptions<ServerOptions> server, ImageUrlBudget budget)
{
    private readonly ImageUrlOptions _options = options.Value;
    private readonly SemaphoreSlim _slots = new(options.Value.Concurrency);

    /// <summary>
    /// Reserves the budget for a request that fetches <paramref name="urls"/> images: one largest image each, at
    /// most the whole budget (which bounds what one request's images may add up to). Waits its turn, within the
    /// request's deadline, while other requests hold the budget.
    /// </summary>
    public async Task<ImageUrlReservation> ReserveAsync(int urls, CancellationToken cancellationToken)
    {
        var bytes = _options.Mode == ImageUrlMode.Off ? 0 : Math.Min(urls * server.Value.BodyLimit, budget.Capacity);
        await budget.ReserveAsync(bytes, cancellationToken);
        return new ImageUrlReservation(this, budget, bytes, urls);
    }

    internal async Task<ReadOnlyMemory<byte>> FetchAsync(string url, ImageUrlReservation reservation, CancellationToken cancellationToken)
    {
        if (_options.Mode == ImageUrlMode.Off)
        {
            throw new ImageUrlRefusedException(StatusCodes.Status400BadRequest, "Image URLs are disabled.", disabled: true);
        }

        var uri = Check(url);

        // Waiting for a slot is bounded by the request's deadline, not by the fetch's own timeout.
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await SendAsync(uri, reservation, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<ReadOnlyMemory<byte>> SendAsync(Uri uri, ImageUrlReservation reservation, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        var client = clients.CreateClient(ImageUrlSetup.ClientName);
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Accept.ParseAdd("image/*");
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (IsRedirect(response.StatusCode))
                {
                    if (hop >= _options.MaxRedirects)
                    {
                        throw Refused($"The URL redirected more than {_options.MaxRedirects} times.");
                    }

                    var location = response.Headers.Location ?? throw Refused($"The URL answered {(int)response.StatusCode} without a Location.");
                    uri = Check(new Uri(uri, location).ToString());
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw Refused($"The URL answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                }

                return await ReadImageAsync(response, reservation, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Refused($"Fetching the URL took longer than {_options.TimeoutSeconds:0.#} s.");
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            throw Refused($"The URL did not answer in time (ImageUrls:TimeoutSeconds {_options.TimeoutSeconds:0.#} s).");
        }
        catch (HttpRequestException e)
        {
            throw FindRefusal(e) ?? Refused($"The URL could not be fetched: {e.Message}");
        }
        catch (HttpIOException e)
        {
            throw Refused($"The URL's body could not be read: {e.Message}");
        }
    }

    /// <summary>The address guard's refusal inside a failed request, if that is why it failed.</summary>
    public static ImageUrlRefusedException? FindRefusal(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is ImageUrlRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private async Task<ReadOnlyMemory<byte>> ReadImageAsync(HttpResponseMessage response, ImageUrlReservation reservation, CancellationToken cancellationToken)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is not null && !type.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            && !type.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw Refused($"The URL's content is {type}, not an image.");
        }

        var limit = server.Value.BodyLimit;
        var declared = response.Content.Headers.ContentLength;
        if (declared > limit)
        {
            throw Refused($"The image at the URL is {declared:N0} bytes; the limit is {limit:N0} (MAX_BODY_BYTES).");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await reservation.ReadAsync(stream, declared, limit, cancellationToken);
    }

    /// <summary>Scheme and host policy for the first URL and every redirect target.</summary>
    private Uri Check(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ImageUrlRefusedException(StatusCodes.Status400BadRequest, $"'{url}' is not an absolute http(s) URL.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !_options.AllowHttp)
        {
            throw new ImageUrlRefusedException(StatusCodes.Status400BadRequest, $"'{url}' uses plain http; only https URLs are fetched (IMAGE_URL_ALLOW_HTTP=true allows http).");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ImageUrlRefusedException(StatusCodes.Status400BadRequest, "URLs with credentials (user:password@) are not fetched.");
        }

        if (_options.Mode == ImageUrlMode.Allowlist && !_options.AllowedHostList.Any(h => HostMatches(uri.IdnHost, h)))
        {
            throw new ImageUrlRefusedException(StatusCodes.Status422UnprocessableEntity, $"The host '{uri.Host}' is not in IMAGE_URL_ALLOWLIST.");
        }

        // A literal address is judged now, for a clear answer before any connection is tried.
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) && AddressGuard.Refusal(literal, _options.AllowLoopback) is { } reason)
        {
            throw Refused($"The address {literal} is refused because {reason}.");
        }

        return uri;
    }

    private static bool HostMatches(string host, string allowed) =>
        allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
            : host.Equals(allowed, StringComparison.OrdinalIgnoreCase);

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static ImageUrlRefusedException Refused(string message) => new(StatusCodes.Status422UnprocessableEntity, message);
}
