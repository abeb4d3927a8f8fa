namespace InferenceService.Tests.Support;

/// <summary>
/// The shared test assets (real models, photos) beside the repository: <c>../shared</c> relative to the folder
/// holding InferenceService.sln. Tests that need them are skipped, with the reason, when the folder is absent.
/// </summary>
public static class SharedAssets
{
    private static readonly Lazy<string?> RootPath = new(FindRoot);

    /// <summary>The shared folder, or null when it is not there.</summary>
    public static string? Root => RootPath.Value;

    public static string SkipReason =>
        "The shared test assets (../shared beside the repository root) are not present.";

    public static string Model(string name) => Path.Combine(Required(), "models", name);

    public static string Image(string name) => Path.Combine(Required(), "images", name);

    private static string Required() => Root ?? throw new InvalidOperationException(SkipReason);

    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InferenceService.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(Path.Combine(shared, "models")) ? shared : null;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs the shared models or photos; skipped when they are absent.</summary>
public sealed class SharedAssetFactAttribute : FactAttribute
{
    public SharedAssetFactAttribute()
    {
        if (SharedAssets.Root is null)
        {
            Skip = SharedAssets.SkipReason;
        }
    }
}

/// <summary>A theory that needs the shared models or photos; skipped when they are absent.</summary>
public sealed class SharedAssetTheoryAttribute : TheoryAttribute
{
    public SharedAssetTheoryAttribute()
    {
        if (SharedAssets.Root is null)
        {
            Skip = SharedAssets.SkipReason;
        }
    }
}
