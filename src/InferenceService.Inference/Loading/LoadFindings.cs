using InferenceService.Inference.Families;
using InferenceService.Inference.Labels;
using InferenceService.Inference.Manifest;
using InferenceService.Inference.Runtime;

namespace InferenceService.Inference.Loading;

/// <summary>
/// What a load found, step by step, kept when a later step fails: <c>inspect</c> reports it from the very load the
/// service runs. A property stays null when the load failed before reaching it.
/// </summary>
public sealed class LoadFindings
{
    public string? ModelFile { get; internal set; }

    /// <summary>The graph's own signature, before a manifest describes a dynamic input.</summary>
    public ModelSignature? Signature { get; internal set; }

    /// <summary>The <c>inference.json</c> read; null when there is none or it was not reached.</summary>
    public ModelManifest? Manifest { get; internal set; }

    public IReadOnlyList<FamilyVerdict>? Verdicts { get; internal set; }

    /// <summary>The chosen plan with the manifest applied.</summary>
    public ModelPlan? Plan { get; internal set; }

    public LabelSet? Labels { get; internal set; }
}
