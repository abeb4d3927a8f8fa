using InferenceService.Inference.Loading;

namespace InferenceService.Inference.Inspection;

/// <summary>Turns a failed load into its reason and the change that resolves it, by how far the load got.</summary>
internal static class FailureFix
{
    public static LoadFailure For(Exception error, LoadFindings findings, IReadOnlyList<string> families)
    {
        var field = (error as ModelLoadException)?.ManifestField;
        return new LoadFailure(ModelLoadException.Describe(error), field, Fix(field, findings, families));
    }

    private static string Fix(string? field, LoadFindings findings, IReadOnlyList<string> families)
    {
        if (findings.ModelFile is null)
        {
            return "Put the model in the folder as model.onnx (or as the folder's only .onnx file).";
        }

        if (findings.Signature is null)
        {
            return $"Replace {Path.GetFileName(findings.ModelFile)} with a complete ONNX export that ONNX Runtime loads.";
        }

        var fitting = findings.Verdicts?.Where(v => v.Fits).Select(v => v.Family).ToArray() ?? [];
        return field switch
        {
            null when findings.Labels is not null => "The warm-up prediction failed: check the input geometry and type the model "
                + "expects against inference.json \"width\", \"height\", \"resize\", \"layout\" and \"dtype\".",
            null when findings.Plan is not null => "Correct the labels file the reason names, or name another in inference.json \"labels\".",
            null => "Correct the file the reason names.",
            "family" when fitting.Length > 1 => $"Set \"family\" in inference.json to one of {string.Join(", ", fitting)}.",
            "family" => $"Set \"family\" in inference.json to the family the export follows ({string.Join(", ", families)}), "
                + "with \"width\" and \"height\" when its input size is dynamic.",
            "label_id_offset" => "Set \"label_id_offset\": 1 in inference.json if the labels file starts with a background line, or correct the file.",
            "labels" => "Name the labels file that matches the model in inference.json \"labels\", or correct the file.",
            _ when field.StartsWith('$') => $"Correct {field} in inference.json (the reason lists every problem).",
            _ => $"Set \"{field}\" in inference.json to what the model expects, or remove it.",
        };
    }
}
