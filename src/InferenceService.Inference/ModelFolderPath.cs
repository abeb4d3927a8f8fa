namespace InferenceService.Inference;

/// <summary>
/// Holds the paths a manifest names inside the model folder: an archive's <c>"labels": "../../etc/passwd"</c>, an
/// absolute path or a symbolic link out of the folder would otherwise serve another file's lines as class names.
/// </summary>
public static class ModelFolderPath
{
    /// <summary>Linux's own limit on links followed while resolving one path (ELOOP).</summary>
    private const int MaxLinks = 40;

    /// <summary>
    /// The file's real path (every symbolic link resolved, the way the kernel does), which the caller reads so the
    /// file checked is the file opened; a path whose real target is outside the folder is refused.
    /// </summary>
    public static string Confine(string directory, string path, string what)
    {
        var folder = RealPath(directory);
        var target = RealPath(Path.Combine(folder, path));
        var inside = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        if (!target.StartsWith(inside, StringComparison.Ordinal))
        {
            throw new ModelLoadException($"{what} {path} is outside the model folder once symbolic links are followed: it must name a file inside the folder.");
        }

        return target;
    }

    /// <summary>
    /// Component by component, following each link before the next <c>..</c> applies (Path.GetFullPath would drop
    /// <c>link/..</c> first, which is not where the kernel goes). Components that do not exist are kept as written.
    /// </summary>
    internal static string RealPath(string path)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);
        var root = Path.GetPathRoot(full)!;
        var pending = new Stack<string>(Components(full[root.Length..]).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            resolved.Add(part);
            if (LinkTarget(Path.Join(root, string.Join(Path.DirectorySeparatorChar, resolved))) is not { } target)
            {
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new ModelLoadException($"{path} goes through more than {MaxLinks} symbolic links.");
            }

            resolved.RemoveAt(resolved.Count - 1);
            if (Path.IsPathRooted(target))
            {
                resolved.Clear();
                target = target[Path.GetPathRoot(target)!.Length..];
            }

            foreach (var step in Components(target).Reverse())
            {
                pending.Push(step);
            }
        }

        return Path.Join(root, string.Join(Path.DirectorySeparatorChar, resolved));
    }

    private static IEnumerable<string> Components(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries)
            .Where(part => part != ".");

    /// <summary>The link's own target (one level), or null for anything that is not a link, absent or unreadable.</summary>
    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
