using InferenceService.Hosting;

namespace InferenceService.UnitTests.Documentation;

/// <summary>docs/configuration.md's variable table is the user's reference: every variable the service reads is in it.</summary>
public sealed class ConfigurationDocumentationTests
{
    [Fact]
    public void Configuration_table_lists_every_environment_variable_with_its_key()
    {
        var page = File.ReadAllText(Path.Combine(SharedAssets.RepoRoot, "docs", "configuration.md"));
        var start = page.IndexOf("## Environment variables", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/configuration.md has no '## Environment variables' section");
        var end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var rows = page[start..(end < 0 ? page.Length : end)].Split('\n').Where(l => l.StartsWith('|')).ToArray();

        foreach (var (variable, key) in EnvironmentAliases.Table)
        {
            Assert.Contains(rows, row => row.Contains($"`{variable}`", StringComparison.Ordinal) && row.Contains($"`{key}`", StringComparison.Ordinal));
        }
    }
}
