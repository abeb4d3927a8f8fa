using System.Text.RegularExpressions;

namespace InferenceService.UnitTests.Documentation;

/// <summary>
/// The README is a front door to docs/: every relative link (and image) in README.md and docs/*.md must reach an
/// existing file, and a <c>#anchor</c> into a Markdown page must name one of its headings, as GitHub renders them.
/// </summary>
public sealed partial class RelativeLinkTests
{
    public static TheoryData<string> Pages() => new(["README.md", .. DocsPages()]);

    [Fact]
    public void Readme_links_to_every_docs_page()
    {
        var readme = File.ReadAllText(Path.Combine(SharedAssets.RepoRoot, "README.md"));
        var linked = LinkTargets(readme).Select(t => t.Split('#')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(DocsPages());
        Assert.All(DocsPages(), page => Assert.Contains(page, linked));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_resolves(string page)
    {
        var path = Path.Combine(SharedAssets.RepoRoot, page);
        var broken = new List<string>();
        foreach (var target in LinkTargets(File.ReadAllText(path)))
        {
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{target}: no such file");
            }
            else if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(resolved)).Contains(anchor))
            {
                broken.Add($"{target}: no heading #{anchor}");
            }
        }

        Assert.True(broken.Count == 0, $"{page} has broken links:\n{string.Join('\n', broken)}");
    }

    private static IEnumerable<string> DocsPages() =>
        Directory.GetFiles(Path.Combine(SharedAssets.RepoRoot, "docs"), "*.md")
            .Select(page => "docs/" + Path.GetFileName(page))
            .Order(StringComparer.Ordinal);

    /// <summary>Targets of <c>[text](target)</c> and <c>![alt](target)</c> outside fenced code, less absolute URLs.</summary>
    private static IEnumerable<string> LinkTargets(string markdown) =>
        Link().Matches(WithoutFencedCode(markdown))
            .Select(m => m.Groups["target"].Value)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith("mailto:", StringComparison.Ordinal));

    /// <summary>GitHub's heading ids: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(WithoutFencedCode(markdown)))
        {
            var slug = NotInSlug().Replace(heading.Groups["text"].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-');
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    private static string WithoutFencedCode(string markdown) => FencedCode().Replace(markdown, "");

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N}\s_-]")]
    private static partial Regex NotInSlug();

    [GeneratedRegex(@"^(```|~~~).*?^\1", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();
}
