using System.Text.Json;

namespace InferenceService.Inference.Manifest;

/// <summary>
/// Every value of a document by its JSON Pointer (how JSON Schema reports an instance location): its position in
/// document order and its JSON path (<c>/mean/1</c> is <c>$.mean[1]</c>), the form people read and tests assert.
/// </summary>
internal static class InstancePlaces
{
    public static Dictionary<string, (int Order, string Path)> Of(JsonElement root)
    {
        var places = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        Visit(root, "", "$", places);
        return places;
    }

    private static void Visit(JsonElement value, string pointer, string path, Dictionary<string, (int, string)> places)
    {
        places[pointer] = (places.Count, path);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    var escaped = property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    Visit(property.Value, $"{pointer}/{escaped}", $"{path}.{property.Name}", places);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Visit(item, $"{pointer}/{index}", $"{path}[{index}]", places);
                    index++;
                }

                break;
        }
    }
}
