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

/// <summary>
/// What a model looks like from outside: the facts family recognition works from. Inputs the pipeline fills from
/// the image's size (<see cref="SizeInput"/>) are kept apart, so that families see the image input alone.
/// </summary>
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
        var inputs = session.InputMetadata.Select(p => Describe(p.Key, p.Value)).ToArray();
        var sizes = inputs.Select(SizeInput.From).OfType<SizeInput>().ToArray();

        return new ModelSignature(
            inputs.Where(i => sizes.All(s => s.Name != i.Name)).ToArray(),
            session.OutputMetadata.Select(p => Describe(p.Key, p.Value)).ToArray(),
            metadata)
        {
            SizeInputs = sizes,
        };
    }

    /// <summary>Inputs filled with each image's size, in the graph's order; not in <see cref="Inputs"/>.</summary>
    public IReadOnlyList<SizeInput> SizeInputs { get; init; } = [];

    public SizeInput? SizeInputOf(SizeInputKind kind) => SizeInputs.FirstOrDefault(s => s.Kind == kind);

    public TensorSignature? Output(string name) =>
        Outputs.FirstOrDefault(o => o.Name == name || o.Name == name + ":0");

    public override string ToString() =>
        $"inputs [{string.Join("; ", Inputs.Select(i => i.ToString()).Concat(SizeInputs.Select(s => s.ToString())))}], outputs [{string.Join("; ", Outputs)}]";
}
