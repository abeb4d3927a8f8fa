using InferenceService.Inference.Families;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.UnitTests.Inspection;

/// <summary>Every known family says, in its own words, why a signature is not its own: inspect prints that reason.</summary>
public sealed class FamilyReasonTests
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    public static TheoryData<string> Signatures() => new(["two-inputs", "segmenter", "rank-5"]);

    private static ModelSignature Signature(string kind) => kind switch
    {
        "two-inputs" => new([new("a", TensorElementType.Float, [1, 3, 64, 64]), new("b", TensorElementType.Float, [1, 2])],
            [new("out", TensorElementType.Float, [1, 10])], NoMetadata),
        "segmenter" => new([new("images", TensorElementType.Float, [1, 3, 64, 64])],
            [new("masks", TensorElementType.Float, [1, 21, 64, 64])], NoMetadata),
        _ => new([new("x", TensorElementType.Float, [1, 1, 3, 8, 8])], [new("y", TensorElementType.Float, [1, 7, 7])], NoMetadata),
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Every_known_family_explains_a_signature_it_does_not_recognise(string kind)
    {
        var verdicts = KnownFamilies.Recogniser().Examine(Signature(kind));

        Assert.Equal(KnownFamilies.All.Select(f => f.Name), verdicts.Select(v => v.Family));
        Assert.All(verdicts, v =>
        {
            Assert.False(v.Fits, $"{v.Family} fits {kind}");
            Assert.False(string.IsNullOrWhiteSpace(v.WhyNot));
            Assert.NotEqual(FamilyMatch.Unexplained, v.WhyNot);
        });
    }

    [Fact]
    public void A_family_that_returns_null_is_a_no_with_the_unexplained_reason()
    {
        FamilyMatch match = (ModelPlan?)null;

        Assert.Null(match.Plan);
        Assert.Equal(FamilyMatch.Unexplained, match.WhyNot);
    }
}
