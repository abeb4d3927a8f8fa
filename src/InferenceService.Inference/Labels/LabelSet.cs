namespace InferenceService.Inference.Labels;

/// <summary>Class names by the model's class id. Ids may be sparse (TF OD API label maps are 1-based with gaps).</summary>
public sealed class LabelSet
{
    private readonly Dictionary<int, string> _names;
    private readonly Dictionary<string, int> _ids;

    public LabelSet(IReadOnlyDictionary<int, string> names, string source)
    {
        _names = new Dictionary<int, string>(names);
        _ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, name) in _names.OrderBy(p => p.Key))
        {
            _ids.TryAdd(name, id);
        }

        Source = source;
    }

    public static LabelSet Empty { get; } = new(new Dictionary<int, string>(), "none");

    /// <summary>Where the names came from (a file name, "onnx metadata" or "none").</summary>
    public string Source { get; }

    public int Count => _names.Count;

    public int MaxId => _names.Count == 0 ? -1 : _names.Keys.Max();

    public IReadOnlyDictionary<int, string> Names => _names;

    /// <summary>The class name, or the id as a string when the labels do not name it.</summary>
    public string NameOf(int id) => _names.TryGetValue(id, out var name) ? name : id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool TryGetId(string name, out int id) => _ids.TryGetValue(name, out id);
}
