using InferenceService.Inference.Families.Yolox;
using InferenceService.Inference.Postprocessing;

namespace InferenceService.UnitTests.Unit;

public sealed class YoloxDecoderTests
{
    private const int Size = 64; // grids 8x8 (stride 8), 4x4 (16), 2x2 (32): 84 anchors
    private const int Classes = 3;

    [Fact]
    public void A_stride_16_cell_decodes_to_its_box_and_objectness_times_class_score()
    {
        var rows = new float[YoloxFamily.AnchorPoints(Size, Size) * (5 + Classes)];
        // Stride-16 grid starts after the 64 stride-8 anchors; cell (gx 2, gy 1) is anchor 64 + 1·4 + 2 = 70.
        var row = rows.AsSpan(70 * (5 + Classes), 5 + Classes);
        row[0] = 0.5f; row[1] = 0.25f;              // centre (2.5·16, 1.25·16) = (40, 20)
        row[2] = MathF.Log(2f); row[3] = 0f;         // size (2·16, 1·16) = (32, 16)
        row[4] = 0.9f;                               // objectness
        row[5] = 0.1f; row[6] = 0.8f; row[7] = 0.3f; // best class 1

        var found = new List<Detection>();
        new YoloxDecoder("output", Size, Size, Classes).Decode(rows, 0.3f, found);

        var d = Assert.Single(found);
        Assert.Equal(1, d.ClassId);
        Assert.Equal(0.72f, d.Score, 5);
        Assert.Equal((24f, 12f, 56f, 28f), (MathF.Round(d.X1, 4), MathF.Round(d.Y1, 4), MathF.Round(d.X2, 4), MathF.Round(d.Y2, 4)));
    }

    [Fact]
    public void Candidates_under_the_threshold_are_dropped_by_the_product_not_objectness_alone()
    {
        var rows = new float[YoloxFamily.AnchorPoints(Size, Size) * (5 + Classes)];
        var row = rows.AsSpan(0, 5 + Classes);       // stride-8 cell (0, 0)
        row[4] = 0.6f;
        row[5] = 0.4f;                               // 0.6 · 0.4 = 0.24 < 0.3
        var found = new List<Detection>();
        new YoloxDecoder("output", Size, Size, Classes).Decode(rows, 0.3f, found);
        Assert.Empty(found);

        new YoloxDecoder("output", Size, Size, Classes).Decode(rows, 0.2f, found);
        Assert.Equal(0.24f, Assert.Single(found).Score, 5);
    }

    [Fact]
    public void The_last_stride_32_cell_is_the_last_row()
    {
        var anchors = (int)YoloxFamily.AnchorPoints(Size, Size);
        Assert.Equal(84, anchors);
        var rows = new float[anchors * (5 + Classes)];
        var row = rows.AsSpan((anchors - 1) * (5 + Classes), 5 + Classes);
        row[4] = 1f;
        row[7] = 1f;
        var found = new List<Detection>();
        new YoloxDecoder("output", Size, Size, Classes).Decode(rows, 0.5f, found);

        var d = Assert.Single(found);
        // Cell (1, 1) of stride 32, offsets 0, size e^0·32: centre (32, 32), box 16..48.
        Assert.Equal((2, 16f, 16f, 48f, 48f), (d.ClassId, d.X1, d.Y1, d.X2, d.Y2));
    }
}
