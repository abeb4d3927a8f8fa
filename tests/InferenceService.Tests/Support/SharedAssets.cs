namespace InferenceService.Tests.Support;

/// <summary>The shared test assets (real models, photos) beside the repository, found from the test binaries.</summary>
public static class SharedAssets
{
    private static readonly Lazy<string?> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InferenceService.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(shared) ? shared : null;
            }
        }

        return null;
    });

    public static bool Available => RootPath.Value is not null;

    public static string Root => RootPath.Value ?? throw new InvalidOperationException(SkipReason);

    public const string SkipReason = "../shared (real models and photos) is not beside the repository.";

    public static string Model(string name) => Path.Combine(Root, "models", name);

    public static string Image(string name) => Path.Combine(Root, "images", name);
}

/// <summary>A fact that needs ../shared and reports itself skipped, with the reason, when it is absent.</summary>
public sealed class SharedAssetFactAttribute : FactAttribute
{
    public SharedAssetFactAttribute()
    {
        if (!SharedAssets.Available)
        {
            Skip = SharedAssets.SkipReason;
        }
    }
}

/// <summary>A theory that needs ../shared and reports itself skipped, with the reason, when it is absent.</summary>
public sealed class SharedAssetTheoryAttribute : TheoryAttribute
{
    public SharedAssetTheoryAttribute()
    {
        if (!SharedAssets.Available)
        {
            Skip = SharedAssets.SkipReason;
        }
    }
}
