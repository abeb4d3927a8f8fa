using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace InferenceService.Deploy.Tests;

/// <summary>
/// Finds every Ref, GetAtt, Sub variable and Condition in a CloudFormation (or SAM) template, long and short
/// form, and lists the ones that name no parameter, resource, pseudo parameter or condition.
/// </summary>
public static partial class CloudFormationReferences
{
    private static readonly HashSet<string> PseudoParameters =
    [
        "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
        "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
    ];

    public static IReadOnlyList<string> Unresolved(YamlMappingNode template, IReadOnlyDictionary<string, IReadOnlyList<string>>? implicitResources = null)
    {
        var parameters = template.Find("Parameters")?.Keys().ToHashSet() ?? [];
        var resources = template.At("Resources").Keys().ToHashSet();
        var conditions = template.Find("Conditions")?.Keys().ToHashSet() ?? [];
        // SAM creates some resources itself (a function URL is <Function>Url).
        var generated = implicitResources ?? new Dictionary<string, IReadOnlyList<string>>();
        bool IsResource(string name) => resources.Contains(name) || generated.Values.Any(v => v.Contains(name));
        bool IsRefTarget(string name) => parameters.Contains(name) || IsResource(name) || PseudoParameters.Contains(name);

        var problems = new List<string>();
        foreach (var node in template.Descendants())
        {
            switch (node)
            {
                case YamlScalarNode s when s.TagText() == "!Ref" && !IsRefTarget(s.Text()):
                    problems.Add($"!Ref {s.Text()} at {s.Start}");
                    break;
                case YamlScalarNode s when s.TagText() == "!GetAtt" && !IsResource(s.Text().Split('.')[0]):
                    problems.Add($"!GetAtt {s.Text()} at {s.Start}");
                    break;
                case YamlScalarNode s when s.TagText() == "!Condition" && !conditions.Contains(s.Text()):
                    problems.Add($"!Condition {s.Text()} at {s.Start}");
                    break;
                case YamlScalarNode s when s.TagText() == "!Sub":
                    problems.AddRange(SubVariables(s.Text()).Where(v => !IsRefTarget(v.Split('.')[0]) && !PseudoParameters.Contains(v)).Select(v => $"!Sub ${{{v}}} at {s.Start}"));
                    break;
                case YamlSequenceNode q when q.TagText() == "!Sub":
                    var locals = ((YamlMappingNode)q.Children[1]).Keys().ToHashSet();
                    problems.AddRange(SubVariables(q.Children[0].Text()).Where(v => !locals.Contains(v) && !IsRefTarget(v.Split('.')[0]) && !PseudoParameters.Contains(v)).Select(v => $"!Sub ${{{v}}} at {q.Start}"));
                    break;
                case YamlSequenceNode q when q.TagText() == "!If" && !conditions.Contains(q.Children[0].Text()):
                    problems.Add($"!If {q.Children[0].Text()} at {q.Start}");
                    break;
                case YamlMappingNode m:
                    foreach (var (key, value) in m.Children)
                    {
                        var k = key.Text();
                        if (k == "Ref" && value is YamlScalarNode r && !IsRefTarget(r.Text())) problems.Add($"Ref {r.Text()} at {r.Start}");
                        if (k == "Fn::GetAtt" && value is YamlSequenceNode g && !IsResource(g.Children[0].Text())) problems.Add($"Fn::GetAtt {g.Children[0].Text()} at {g.Start}");
                        if (k == "Condition" && value is YamlScalarNode c && !conditions.Contains(c.Text())) problems.Add($"Condition {c.Text()} at {c.Start}");
                    }

                    break;
            }
        }

        return problems;
    }

    private static IEnumerable<string> SubVariables(string text) =>
        SubVariable().Matches(text).Select(m => m.Groups[1].Value).Where(v => !v.StartsWith('!'));

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex SubVariable();
}
