using InferenceService.Inference.Runtime;

namespace InferenceService.Inference.Families;

/// <summary>Asks every known family whether a signature is theirs; exactly one must say yes.</summary>
public sealed class FamilyRecogniser(IEnumerable<IModelFamily> families)
{
    private readonly IModelFamily[] _families = families.ToArray();

    public IReadOnlyList<string> FamilyNames => _families.Select(f => f.Name).ToArray();

    public ModelPlan Recognise(ModelSignature signature)
    {
        var matches = _families
            .Select(f => f.TryRecognise(signature))
            .Where(p => p is not null)
            .Select(p => p!)
            .ToList();

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ModelLoadException(
                $"Unknown model signature: {signature}. Known families: {string.Join(", ", FamilyNames)}."),
            _ => throw new ModelLoadException(
                $"Ambiguous model signature: {signature} matches {string.Join(" and ", matches.Select(m => m.Family))}."),
        };
    }
}
