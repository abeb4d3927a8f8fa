using System.Net;
using InferenceService.Hosting;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.ImageUrls;

/// <summary>
/// Fetches the image of a <c>{"url": ...}</c> request under the configured policy: mode and allowlist, https
/// unless http is allowed, public addresses only (checked at connect time by <see cref="GuardedConnector"/>),
/// at most <see cref="ImageUrlOptions.MaxRedirects"/> redirects each re-checked, an image content type, and the
/// same size limit as a request body. Every refusal is an <see cref="ImageUrlRefusedException"/>.
/// </summary>
public sealed class ImageUrlFetcher(IHttpClientFactory clients, IOptions<ImageUrlOptions> options, IOptions<ServerOptions> server)
{
    private readonly ImageUrlOptions _options = options.Value;

    public async Task<byte[]> FetchAsync(string url, CancellationToken cancellationToken)
    {
        if (_options.Mode == ImageUrlMode.Off)
        {
            throw new ImageUrlRefusedException(StatusCodes.Status400BadRequest, "Image URLs are disabled.", disabled: true);
        }

        var uri = Check(url);
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

                return await ReadImageAsync(response, timeout.Token);
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

    private async Task<byte[]> ReadImageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is not null && !type.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            && !type.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw Refused($"The URL's content is {type}, not an image.");
        }

        var limit = server.Value.BodyLimit;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw Refused($"The image at the URL is {response.Content.Headers.ContentLength:N0} bytes; the limit is {limit:N0} (MAX_BODY_BYTES).");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw Refused($"The image at the URL exceeds the limit of {limit:N0} bytes (MAX_BODY_BYTES).");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
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
