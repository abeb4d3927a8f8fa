namespace InferenceService.Inference.Families;

/// <summary>
/// A family's verdict on a signature: the plan that serves it, or why the signature is not the family's, which
/// <c>inspect</c> prints for every family that was not chosen. A plan converts implicitly, so a family returns either.
/// </summary>
public readonly record struct FamilyMatch
{
    private FamilyMatch(ModelPlan? plan, string? whyNot) => (Plan, WhyNot) = (plan, whyNot);

    /// <summary>The plan when the signature is the family's, otherwise null.</summary>
    public ModelPlan? Plan { get; }

    /// <summary>Why the signature is not the family's, in words that name the shapes it looked at.</summary>
    public string? WhyNot { get; }

    public static FamilyMatch No(string whyNot) => new(null, whyNot);

    public static implicit operator FamilyMatch(ModelPlan plan) => new(plan, null);
}
