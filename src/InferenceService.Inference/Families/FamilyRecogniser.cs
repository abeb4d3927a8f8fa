using InferenceService.Inference.Runtime;

namespace InferenceService.Inference.Families;

/// <summary>
/// Asks every known family whether a signature is theirs; exactly one must say yes. A manifest's
/// <c>family</c> or <c>task</c> narrows the candidates, which is how an ambiguous signature is resolved. Besides
/// the image, a graph may take only inputs the pipeline fills from the image's size; the plan carries those.
/// </summary>
public sealed class FamilyRecogniser(IEnumerable<IModelFamily> families)
{
    private readonly IModelFamily[] _families = families.ToArray();

    public IReadOnlyList<string> FamilyNames => _families.Select(f => f.Name).ToArray();

    public ModelPlan Recognise(ModelSignature signature, string? family = null, ModelTask? task = null) =>
        Choose(signature, family, task) with { SizeInputs = signature.SizeInputs };

    private ModelPlan Choose(ModelSignature signature, string? family, ModelTask? task)
    {
        CheckInputsCanBeFed(signature);
        var candidates = _families.Where(f => family is null || f.Name == family).ToArray();
        if (family is not null && candidates.Length == 0)
        {
            throw new ModelLoadException($"inference.json $.family '{family}' is not a known family ({string.Join(", ", FamilyNames)}).");
        }

        var matches = candidates
            .Select(f => f.TryRecognise(signature))
            .Where(p => p is not null && (task is null || p.Task == task))
            .Select(p => p!)
            .ToList();

        return matches.Count switch
        {
            1 => matches[0],
            0 when family is not null => throw new ModelLoadException(
                $"inference.json says family '{family}'{(task is null ? "" : $" for task {task}")}, but the model does not have that family's signature: {signature}."),
            0 when task is not null => throw new ModelLoadException(
                $"inference.json says task {task}, but no family of that task recognises the signature {signature}. "
                + "Check $.task, or name the family in $.family with the input's geometry and preprocessing."),
            0 => throw new ModelLoadException(
                $"Unknown model signature: {signature}. Known families: {string.Join(", ", FamilyNames)}. "
                + "If the model is one of them, name it in inference.json (\"family\") with the input's geometry and preprocessing."),
            _ => throw new ModelLoadException(
                $"Ambiguous model signature: {signature} matches {string.Join(" and ", matches.Select(m => m.Family))}. "
                + $"Set \"family\" in inference.json to one of them{(matches.Select(m => m.Task).Distinct().Count() > 1 ? " (or \"task\")" : "")}."),
        };
    }

    /// <summary>An input that is neither the image nor a size fails the load by name: no family could feed it.</summary>
    private static void CheckInputsCanBeFed(ModelSignature signature)
    {
        if (signature.Inputs.Count <= 1)
        {
            return;
        }

        var image = signature.Inputs.FirstOrDefault(i => i.Rank is 3 or 4);
        var extra = signature.Inputs.Where(i => i != image).ToArray();
        throw new ModelLoadException(
            $"The model's input{(extra.Length > 1 ? "s" : "")} {string.Join(", ", extra.Select(i => $"'{i}'"))} cannot be fed: besides the image, "
            + $"the service fills only an input carrying the image's size ({string.Join(", ", SizeInput.Names)}).");
    }
}
