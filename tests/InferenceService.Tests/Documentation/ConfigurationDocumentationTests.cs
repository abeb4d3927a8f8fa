using InferenceService.Hosting;
using InferenceService.Tests.Support;

namespace InferenceService.Tests.Documentation;

/// <summary>The README's Configuration table is the user's reference: every variable the service reads is in it.</summary>
public sealed class ReadmeConfigurationTests
{
    [Fact]
    public void Readme_configuration_table_lists_every_environment_variable_with_its_key()
    {
        var readme = File.ReadAllText(Path.Combine(SharedAssets.RepoRoot, "README.md"));
        var start = readme.IndexOf("## Configuration", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var rows = readme[start..end].Split('\n').Where(l => l.StartsWith('|')).ToArray();

        foreach (var (variable, key) in EnvironmentAliases.Table)
        {
            Assert.Contains(rows, row => row.Contains($"`{variable}`", StringComparison.Ordinal) && row.Contains($"`{key}`", StringComparison.Ordinal));
        }
    }
}
