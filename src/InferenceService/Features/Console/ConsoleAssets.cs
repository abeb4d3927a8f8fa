using System.Collections.Frozen;
using System.Security.Cryptography;

namespace InferenceService.Features.Console;

/// <summary>
/// The console's page, script and style sheet, embedded in the assembly so the service serves them offline, from a
/// read-only file system and with no build step; read once at start.
/// </summary>
public sealed class ConsoleAssets
{
    public sealed record Asset(byte[] Content, string ContentType, string ETag);

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary();

    private const string Prefix = "InferenceService.Console.";

    private readonly FrozenDictionary<string, Asset> _assets;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var file = name[Prefix.Length..];
            assets[file] = new Asset(content, ContentTypes[Path.GetExtension(file)], $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public Asset? Find(string file) => _assets.GetValueOrDefault(file);
}
