using InferenceService.Inference.Runtime;

namespace InferenceService.Inference.Families;

/// <summary>One export convention. Recognition looks only at the signature: names, ranks, shapes, types, metadata.</summary>
public interface IModelFamily
{
    string Name { get; }

    /// <summary>A plan when <paramref name="signature"/> is this family's, otherwise the reason it is not.</summary>
    FamilyMatch TryRecognise(ModelSignature signature);
}
