using YamlDotNet.RepresentationModel;

namespace InferenceService.Deploy.Tests;

/// <summary>
/// YAML as a node tree: CloudFormation's short-form tags (!Ref, !GetAtt, !Sub, !If …) stay on the nodes as
/// <see cref="YamlNode.Tag"/>, so templates load without a schema and the tags can be checked.
/// </summary>
public static class Yaml
{
    public static YamlMappingNode Load(string path) => LoadText(File.ReadAllText(path));

    public static YamlMappingNode LoadText(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static YamlNode At(this YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child)
                ? child
                : throw new KeyNotFoundException($"No '{key}' in {string.Join('.', path)} ({node.Start}).");
        }

        return node;
    }

    public static YamlNode? Find(this YamlNode node, params string[] path)
    {
        try
        {
            return node.At(path);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The node's explicit tag (<c>!Ref</c>), or "" for plain nodes.</summary>
    public static string TagText(this YamlNode node) => node.Tag.IsEmpty || node.Tag.IsNonSpecific ? "" : node.Tag.Value;

    public static string Text(this YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    public static IEnumerable<string> Keys(this YamlNode node) =>
        ((YamlMappingNode)node).Children.Keys.Select(k => k.Text());

    /// <summary>Every node of the tree, depth first.</summary>
    public static IEnumerable<YamlNode> Descendants(this YamlNode node) => node.AllNodes;
}
