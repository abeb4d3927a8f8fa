namespace InferenceService.Client;

/// <summary>What to send where: an image file or an image URL, to a service base URL or a full endpoint URL.</summary>
public sealed record ClientArguments(Uri Endpoint, string? ImageFile, string? ImageUrl, string? SaveFile)
{
    public const string Usage = """
        usage: inference-client ENDPOINT (IMAGE_FILE | --url IMAGE_URL) [--save FILE]
          ENDPOINT     the service (http://localhost:8080, /invocations is added) or a full HTTPS endpoint URL
          IMAGE_FILE   a JPEG, PNG, WebP, BMP or GIF to send as raw bytes
          --url URL    an image URL for the service to fetch (the service must run with IMAGE_URLS enabled)
          --save FILE  also ask for the annotated image (Accept: image/jpeg) and write it to FILE
        """;

    public static ClientArguments? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        string? endpoint = null, file = null, url = null, save = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--url" when i + 1 < args.Count:
                    url = args[++i];
                    break;
                case "--save" when i + 1 < args.Count:
                    save = args[++i];
                    break;
                case var a when !a.StartsWith("--", StringComparison.Ordinal) && endpoint is null:
                    endpoint = a;
                    break;
                case var a when !a.StartsWith("--", StringComparison.Ordinal) && file is null:
                    file = a;
                    break;
                default:
                    error.WriteLine($"Unexpected argument '{args[i]}'.");
                    return null;
            }
        }

        if (endpoint is null || (file is null) == (url is null) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            return null;
        }

        // A bare service address gets the SageMaker path; a full endpoint URL (…/invocations) is used as given.
        if (uri.AbsolutePath is "/" or "")
        {
            uri = new Uri(uri, "/invocations");
        }

        return new ClientArguments(uri, file, url, save);
    }
}
