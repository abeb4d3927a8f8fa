namespace InferenceService.TestSupport;

/// <summary>
/// The shared test assets (real models, photos, the COCO subset) that live in <c>../shared</c> beside the
/// repository root and are read in place, never copied into the repository.
/// </summary>
public static class SharedAssets
{
    private static readonly Lazy<string> RepoRootPath = new(FindRepoRoot);

    /// <summary>The folder holding InferenceService.sln.</summary>
    public static string RepoRoot => RepoRootPath.Value;

    /// <summary><c>../shared</c> relative to the repository root (it may not exist).</summary>
    public static string Root => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static bool Available => Directory.Exists(Root);

    /// <summary>Why shared-asset tests are skipped, or null when the assets are there.</summary>
    public static string? SkipReason => Available
        ? null
        : $"The shared test assets are not present at {Root} (clone the repository beside ../shared to run this test).";

    /// <summary>A model folder, e.g. <c>Model("yolox-nano")</c>.</summary>
    public static string Model(string name) => Path.Combine(Root, "models", name);

    /// <summary>A photo in <c>shared/images</c>, e.g. <c>Image("dog.jpg")</c>.</summary>
    public static string Image(string name) => Path.Combine(Root, "images", name);

    /// <summary>Any other path under the shared folder.</summary>
    public static string Resolve(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRepoRoot()
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
}

/// <summary>A fact that needs <c>../shared</c>: skipped, with the reason, when it is absent.</summary>
public sealed class SharedAssetFactAttribute : FactAttribute
{
    public SharedAssetFactAttribute()
    {
        Skip = SharedAssets.SkipReason;
    }
}

/// <summary>A theory that needs <c>../shared</c>: skipped, with the reason, when it is absent.</summary>
public sealed class SharedAssetTheoryAttribute : TheoryAttribute
{
    public SharedAssetTheoryAttribute()
    {
        Skip = SharedAssets.SkipReason;
    }
}
