namespace InferenceService.Inference.Labels;

/// <summary>Finds and reads the labels file next to a model.</summary>
public static class LabelLoader
{
    private static readonly string[] PlainListFiles = ["labels.txt", "classes.txt", "coco.names"];

    /// <summary>
    /// Looks for, in order, <c>label_map.pbtxt</c> then the plain lists. Returns <see cref="LabelSet.Empty"/>
    /// when none is present; a file that exists but cannot be read is an error, not a silent fallback.
    /// </summary>
    public static LabelSet Load(string modelDirectory)
    {
        var labelMap = Path.Combine(modelDirectory, "label_map.pbtxt");
        if (Path.Exists(labelMap))
        {
            return new LabelSet(LabelFileParser.ParseLabelMap(ReadText(labelMap)), "label_map.pbtxt");
        }

        foreach (var name in PlainListFiles)
        {
            var path = Path.Combine(modelDirectory, name);
            if (Path.Exists(path))
            {
                return new LabelSet(LabelFileParser.ParsePlainList(ReadText(path)), name);
            }
        }

        return LabelSet.Empty;
    }

    /// <summary>Labels are UTF-8: invalid bytes are refused rather than silently turned into U+FFFD class names.</summary>
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path, StrictUtf8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            throw new ModelLoadException($"The labels file {Path.GetFileName(path)} cannot be read: {e.Message}");
        }
    }
}
