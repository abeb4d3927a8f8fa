using System.Globalization;
using System.Text;

namespace InferenceService.Model.Repository;

/// <summary>
/// One sub-folder of the repository as a scan saw it: the real folder to load (null when refused, with the reason),
/// and a fingerprint of its files that changes whenever a file the loader reads is replaced, rewritten or relinked.
/// </summary>
public sealed record ScannedFolder(string Name, string Url, string? Folder, string Fingerprint, string? Refusal);

/// <summary>Lists the repository's model folders; cheap enough to run every few seconds (names, sizes, times).</summary>
public static class RepositoryScan
{
    /// <summary>
    /// Every sub-folder whose name is a valid model name; the others go to <paramref name="skipped"/>. A folder whose
    /// real path (links followed) leaves the root is refused by the rule POST /models applies to its url.
    /// </summary>
    public static List<ScannedFolder> Folders(string root, Action<string> skipped)
    {
        var found = new List<ScannedFolder>();
        foreach (var entry in new DirectoryInfo(root).EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (!ModelUrl.Name().IsMatch(entry.Name))
            {
                skipped(entry.Name);
                continue;
            }

            var url = Path.Combine(root, entry.Name);
            found.Add(ModelUrl.Resolve(root, url, out var refusal, RepositorySetup.RootVariable) is { } folder
                ? new ScannedFolder(entry.Name, url, folder, Fingerprint(folder), null)
                : new ScannedFolder(entry.Name, url, null, "", refusal));
        }

        return found;
    }

    /// <summary>
    /// Name, link target, size and write time of each file directly in the folder (the .onnx file, inference.json,
    /// the labels): a copy that rewrites one changes it. A link's target is measured, so relinking counts too.
    /// </summary>
    public static string Fingerprint(string folder)
    {
        var print = new StringBuilder();
        try
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                print.Append(file.Name).Append('|').Append(file.LinkTarget).Append('|');
                try
                {
                    var target = file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
                    print.Append(target.Length.ToString(CultureInfo.InvariantCulture)).Append('|')
                        .Append(target.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A file removed mid-scan or a broken link: the next scan sees what became of it.
                    print.Append('?');
                }

                print.Append('\n');
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            print.Append("unreadable: ").Append(e.Message);
        }

        return print.ToString();
    }
}
