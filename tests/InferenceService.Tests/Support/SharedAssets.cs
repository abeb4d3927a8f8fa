namespace InferenceService.Tests.Support;

/// <summary>
/// The shared test assets (real models, photos) in <c>../shared</c> beside the repository root, read in place.
/// </summary>
public static class SharedAssets
{
    private static readonly Lazy<string?> RootPath = new(FindRoot);

    /// <summary>The shared folder, or null when the clone has none beside it.</summary>
    public static string? Root => RootPath.Value;

    public static string MissingReason => "../shared (models and photos) is not beside the repository root";

    public static string Model(string name) => Path.Combine(Require(), "models", name);

    public static string Image(string name) => Path.Combine(Require(), "images", name);

    /// <summary>The repository root: the folder holding InferenceService.sln above the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InferenceService.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No InferenceService.sln above {AppContext.BaseDirectory}.");
    }

    private static string Require() => Root ?? throw new InvalidOperationException(MissingReason);

    private static string? FindRoot()
    {
        var shared = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared"));
        return Directory.Exists(Path.Combine(shared, "models")) ? shared : null;
    }
}

/// <summary>A fact that reports itself skipped, with the reason, when ../shared is absent.</summary>
public sealed class SharedAssetFactAttribute : FactAttribute
{
    public SharedAssetFactAttribute()
    {
        if (SharedAssets.Root is null)
        {
            Skip = SharedAssets.MissingReason;
        }
    }
}

/// <summary>A theory that reports itself skipped, with the reason, when ../shared is absent.</summary>
public sealed class SharedAssetTheoryAttribute : TheoryAttribute
{
    public SharedAssetTheoryAttribute()
    {
        if (SharedAssets.Root is null)
        {
            Skip = SharedAssets.MissingReason;
        }
    }
}
