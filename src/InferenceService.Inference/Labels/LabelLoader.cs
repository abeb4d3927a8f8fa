namespace InferenceService.Inference.Labels;

/// <summary>What the loader may use besides the generic file names: the manifest's file, the family's, the model's metadata.</summary>
public sealed record LabelSources
{
    public static LabelSources None { get; } = new();

    /// <summary>The manifest's <c>labels</c>: the only file tried when set.</summary>
    public string? ManifestFile { get; init; }

    /// <summary>Files the family's exports ship with, tried before the generic names.</summary>
    public IReadOnlyList<string> PreferredFiles { get; init; } = [];

    /// <summary>Names from the ONNX metadata, used when no file is present.</summary>
    public IReadOnlyDictionary<int, string>? Metadata { get; init; }

    /// <summary>Added to a model class id to find its label (manifest <c>label_id_offset</c>).</summary>
    public int IdOffset { get; init; }
}

/// <summary>Finds and reads the labels next to a model.</summary>
public static class LabelLoader
{
    public const string MetadataSource = "onnx metadata names";

    private static readonly string[] GenericFiles = ["label_map.pbtxt", "labels.txt", "classes.txt", "coco.names", "synset.txt"];

    /// <summary>
    /// Order: the manifest's file; the family's preferred files; <c>label_map.pbtxt</c>, <c>labels.txt</c>,
    /// <c>classes.txt</c>, <c>coco.names</c>, <c>synset.txt</c>; the ONNX metadata <c>names</c>. Returns
    /// <see cref="LabelSet.Empty"/> when there are none; a file that exists but cannot be read is an error.
    /// <paramref name="reading"/> hears the file's name before it is read: a read that hangs says where.
    /// </summary>
    public static LabelSet Load(string modelDirectory, LabelSources? sources = null, Action<string>? reading = null)
    {
        sources ??= LabelSources.None;
        if (sources.ManifestFile is { } manifestFile)
        {
            var path = ModelFolderPath.Confine(modelDirectory, manifestFile, "The manifest's labels file");
            if (!Path.Exists(path))
            {
                throw new ModelLoadException($"The manifest names the labels file {manifestFile}, which is not in {modelDirectory}.")
                {
                    ManifestField = "labels",
                };
            }

            reading?.Invoke(manifestFile);
            return Shift(Read(path, manifestFile), sources.IdOffset);
        }

        foreach (var name in sources.PreferredFiles.Concat(GenericFiles))
        {
            var path = Path.Combine(modelDirectory, name);
            // Path.Exists: a labels.txt that is a folder must fail the load, not be skipped.
            if (Path.Exists(path))
            {
                reading?.Invoke(name);
                return Shift(Read(path, name), sources.IdOffset);
            }
        }

        return sources.Metadata is { Count: > 0 } metadata
            ? Shift(new LabelSet(metadata, MetadataSource), sources.IdOffset)
            : LabelSet.Empty;
    }

    private static LabelSet Read(string path, string name)
    {
        var text = ReadText(path, name);
        try
        {
            if (name.EndsWith(".pbtxt", StringComparison.OrdinalIgnoreCase))
            {
                return new LabelSet(LabelFileParser.ParseLabelMap(text), name);
            }

            return LabelFileParser.IsSynsetList(text)
                ? new LabelSet(LabelFileParser.ParseSynset(text), name)
                : new LabelSet(LabelFileParser.ParsePlainList(text), name);
        }
        catch (FormatException e)
        {
            throw new ModelLoadException($"The labels file {name} cannot be parsed: {e.Message}");
        }
    }

    /// <summary>Label of class id k = entry k + offset.</summary>
    private static LabelSet Shift(LabelSet labels, int offset) =>
        offset == 0 ? labels : new LabelSet(labels.Names.ToDictionary(p => p.Key - offset, p => p.Value), labels.Source);

    /// <summary>Labels are UTF-8: invalid bytes are refused rather than silently turned into U+FFFD class names.</summary>
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static string ReadText(string path, string name)
    {
        try
        {
            return ModelFolderFile.ReadText(path, $"The labels file {name}", StrictUtf8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            throw new ModelLoadException($"The labels file {name} cannot be read: {e.Message}");
        }
    }
}
