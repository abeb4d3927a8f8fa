using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Runtime;

/// <summary>One graph input or output: name, element type and shape (-1 for a dynamic dimension).</summary>
public sealed record TensorSignature(string Name, TensorElementType ElementType, long[] Shape)
{
    public int Rank => Shape.Length;

    public long Dim(int index) => index < 0 ? Shape[^-index] : Shape[index];

    public override string ToString() =>
        $"{Name}: {ElementType.ToString().ToLowerInvariant()}[{string.Join(",", Shape.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}

/// <summary>What a model looks like from outside: the facts family recognition works from.</summary>
public sealed record ModelSignature(
    IReadOnlyList<TensorSignature> Inputs,
    IReadOnlyList<TensorSignature> Outputs,
    IReadOnlyDictionary<string, string> Metadata)
{
    public static ModelSignature From(InferenceSession session)
    {
        static TensorSignature Describe(string name, NodeMetadata meta) =>
            new(name, meta.IsTensor ? meta.ElementDataType : TensorElementType.DataTypeMax, meta.Dimensions.Select(d => (long)d).ToArray());

        var metadata = new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal);

        return new ModelSignature(
            session.InputMetadata.Select(p => Describe(p.Key, p.Value)).ToArray(),
            session.OutputMetadata.Select(p => Describe(p.Key, p.Value)).ToArray(),
            metadata);
    }

    public TensorSignature? Output(string name) =>
        Outputs.FirstOrDefault(o => o.Name == name || o.Name == name + ":0");

    public override string ToString() =>
        $"inputs [{string.Join("; ", Inputs)}], outputs [{string.Join("; ", Outputs)}]";
}
