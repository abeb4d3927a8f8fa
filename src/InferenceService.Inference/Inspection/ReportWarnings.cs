using InferenceService.Inference.Families;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Preprocessing;
using InferenceService.Inference.Runtime;

namespace InferenceService.Inference.Inspection;

/// <summary>What a load accepts but is likely a mistake: the service serves it, and the answers may not be what was meant.</summary>
internal static class ReportWarnings
{
    /// <summary>The ONNX metadata <c>task</c> values of the exports this service serves, by the task they are.</summary>
    private static readonly Dictionary<string, ModelTask> MetadataTasks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["detect"] = ModelTask.Detection,
        ["classify"] = ModelTask.Classification,
    };

    public static IReadOnlyList<string> For(LoadFindings findings, ExecutionProvider? provider)
    {
        var warnings = new List<string>();
        if (findings.Signature?.Metadata.TryGetValue("task", out var task) == true)
        {
            if (!MetadataTasks.TryGetValue(task.Trim(), out var known))
            {
                warnings.Add($"The ONNX metadata task '{task}' is not one this service serves ({string.Join(", ", MetadataTasks.Keys)}).");
            }
            else if (findings.Plan is { } served && served.Task != known)
            {
                warnings.Add($"The ONNX metadata task is '{task}', but the model is served as {served.Task} by {served.Family}.");
            }
        }

        if (findings.Plan is { } plan && findings.Signature is { } signature)
        {
            DynamicSize(plan, signature, findings.Manifest, warnings);
            Labels(plan, findings, warnings);
        }

        if (provider?.FallbackReason is { } fallback)
        {
            warnings.Add($"The configured device falls back to the CPU: {fallback}");
        }

        return warnings;
    }

    /// <summary>A graph that takes any size, resized to a size nothing in the folder states: the family's default.</summary>
    private static void DynamicSize(ModelPlan plan, ModelSignature signature, Manifest.ModelManifest? manifest, List<string> warnings)
    {
        var spec = plan.Preprocess;
        var input = signature.Inputs.FirstOrDefault(i => i.Name == plan.InputName);
        // Ultralytics' imgsz metadata states the size the export was made at.
        if (input is null || spec.Resize == ResizeMode.Original || manifest?.Width is not null || manifest?.Height is not null
            || signature.Metadata.ContainsKey("imgsz"))
        {
            return;
        }

        var first = (spec.HasBatchDimension ? 1 : 0) + (spec.Layout == TensorLayout.Nchw ? 1 : 0);
        if (input.Rank >= first + 2 && (input.Dim(first) < 0 || input.Dim(first + 1) < 0))
        {
            warnings.Add($"The input {input} has a dynamic size and inference.json sets no \"width\"/\"height\": images are resized to {plan.Family}'s default {spec.Width}x{spec.Height}.");
        }
    }

    private static void Labels(ModelPlan plan, LoadFindings findings, List<string> warnings)
    {
        if (findings.Labels is not { } labels || labels.Count == 0)
        {
            warnings.Add("No labels file and no names in the ONNX metadata: classes are reported by id.");
            return;
        }

        if (plan.Decoder.ClassCount is { } classes)
        {
            var named = labels.Names.Keys.Count(id => id >= 0 && id < classes);
            if (named < classes)
            {
                warnings.Add($"The labels ({labels.Source}) name {named} of the {classes} classes the model scores: the others are reported by id.");
            }
        }
    }
}
