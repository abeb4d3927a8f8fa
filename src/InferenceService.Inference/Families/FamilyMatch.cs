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

    /// <summary>What a family that gives no reason is reported with.</summary>
    public const string Unexplained = "it does not recognise the signature";

    public static FamilyMatch No(string whyNot) => new(null, whyNot);

    /// <summary>A plan fits; null is a no without a reason, so a family written as <c>return null</c> still reads right.</summary>
    public static implicit operator FamilyMatch(ModelPlan? plan) => plan is null ? No(Unexplained) : new(plan, null);
}
