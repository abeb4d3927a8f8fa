using InferenceService.Hosting;

namespace InferenceService.Deploy.Tests;

/// <summary>Paths in the repository and the environment variables the service reads.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => System.IO.File.ReadAllText(File(parts));

    /// <summary>
    /// What the service reads: its alias table, plus INFERENCE_DEVICE's platform peers the images set for the .NET
    /// runtime, NVIDIA's runtime and the Lambda Web Adapter (documented in docs/deploy.md).
    /// </summary>
    public static IReadOnlySet<string> KnownVariables { get; } = EnvironmentAliases.Table.Select(a => a.Variable)
        .Concat(["ASPNETCORE_HTTP_PORTS", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "DOTNET_RUNNING_IN_CONTAINER", "TMPDIR",
                 "NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES"])
        .ToHashSet(StringComparer.Ordinal);

    public static bool IsLambdaAdapterVariable(string name) => name.StartsWith("AWS_LWA_", StringComparison.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "InferenceService.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No InferenceService.sln above {AppContext.BaseDirectory}.");
    }
}
