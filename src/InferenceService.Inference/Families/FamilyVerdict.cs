namespace InferenceService.Inference.Families;

/// <summary>One family's answer for one load: its plan when it fits and was not ruled out, else why not.</summary>
public sealed record FamilyVerdict(string Family, ModelPlan? Plan, string? WhyNot)
{
    public bool Fits => WhyNot is null;
}
