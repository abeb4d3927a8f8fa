namespace InferenceService.Benchmarks;

/// <summary>The shared photos and models beside the repository (../shared), found from the working directory.</summary>
public static class BenchAssets
{
    public static string Shared
    {
        get
        {
            for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared");
                if (File.Exists(Path.Combine(dir.FullName, "InferenceService.sln")) && Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "InferenceService.sln")))
                {
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                }
            }

            throw new DirectoryNotFoundException("../shared (beside the repository) is needed for the benchmarks.");
        }
    }

    public static string Image(string name) => Path.Combine(Shared, "images", name);
}
