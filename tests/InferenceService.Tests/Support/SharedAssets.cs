namespace InferenceService.Tests.Support;

/// <summary>
/// The shared test assets (real models and photos) in <c>../shared</c> beside the repository root; tests that
/// need them are skipped, with the reason, when the folder is absent.
/// </summary>
public static class SharedAssets
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared folder, or null when this checkout has none.</summary>
    public static string? Root { get; } = Directory.Exists(Path.Combine(RepositoryRoot, "..", "shared", "models"))
        ? Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"))
        : null;

    public const string MissingReason = "../shared (real models and images) is not beside this checkout.";

    public static string Model(string name) => Path.Combine(Required, "models", name);

    public static string Image(string name) => Path.Combine(Required, "images", name);

    private static string Required => Root ?? throw new InvalidOperationException(MissingReason);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InferenceService.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("InferenceService.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs ../shared: skipped with the reason when it is missing.</summary>
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

/// <summary>A theory that needs ../shared: skipped with the reason when it is missing.</summary>
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
