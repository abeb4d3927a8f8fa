using System.Text.RegularExpressions;
using InferenceService.Inference;

namespace InferenceService.Model;

/// <summary>
/// What POST /models may load: a local folder under MULTI_MODEL_ROOT, never anything fetched (TorchServe's
/// management API registered models from any URL, CVE-2023-43654). A refused URL is refused before anything in it is
/// read; only the links on the way to it are followed, the way the kernel would.
/// </summary>
public static partial class ModelUrl
{
    private static readonly string[] KernelFolders = ["/proc", "/sys", "/dev"];

    /// <summary>What a model name may be: it becomes a URL segment, a metric label and a log field.</summary>
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

    [GeneratedRegex(NamePattern)]
    public static partial Regex Name();

    /// <summary>The folder's real path, or why it is refused (<paramref name="refusal"/>), naming the setting that set the root.</summary>
    public static string? Resolve(string root, string? url, out string? refusal, string rootSetting = MultiModelOptions.RootVariable)
    {
        refusal = null;
        if (string.IsNullOrEmpty(url) || !Path.IsPathFullyQualified(url) || url.Contains('\0'))
        {
            refusal = $"The url '{url}' is not an absolute path: name a local folder under {root} (models are never fetched over the network).";
            return null;
        }

        string folder;
        try
        {
            folder = ModelFolderPath.Confine(root, url, "The url");
        }
        catch (ModelLoadException)
        {
            refusal = $"The url {url} is outside {root} ({rootSetting}) once '..' and symbolic links are followed.";
            return null;
        }

        if (KernelFolders.Any(k => Under(folder, k) || Under(url, k)))
        {
            refusal = $"The url {url} lies under /proc, /sys or /dev, which never hold models.";
            return null;
        }

        return folder;
    }

    private static bool Under(string path, string folder) =>
        path == folder || path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
