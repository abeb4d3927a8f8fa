using InferenceService.Inference.Labels;

namespace InferenceService.Inference.Postprocessing;

/// <summary>A request's class filter, by label name, shared by classifiers and detectors.</summary>
public static class ClassFilter
{
    /// <summary>True when there is no filter, or it names the class the labels give <paramref name="classId"/>.</summary>
    public static bool Keeps(IReadOnlySet<string>? wanted, LabelSet labels, int classId) =>
        wanted is null || wanted.Contains(labels.NameOf(classId));
}
