using InferenceService.Inference.Preprocessing;

namespace InferenceService.UnitTests.Unit;

public sealed class InputGeometryTests
{
    private static PreprocessSpec Spec(ResizeMode mode, int w = 416, int h = 416) => new() { Width = w, Height = h, Resize = mode };

    [Fact]
    public void Top_left_letterbox_scales_by_the_tighter_axis_and_truncates_like_YOLOX()
    {
        // dog.jpg 768x576 into 416: r = 416/768 = 0.5417, 576·r = 312.0 → 312.
        var g = InputGeometry.For(Spec(ResizeMode.LetterboxTopLeft), 768, 576);
        Assert.Equal((416, 312, 0, 0), (g.ResizedWidth, g.ResizedHeight, g.OffsetX, g.OffsetY));
        // kite.jpg 1352x900: r = 416/1352, 900·r = 276.92 → 276 (truncated, not rounded).
        var kite = InputGeometry.For(Spec(ResizeMode.LetterboxTopLeft), 1352, 900);
        Assert.Equal((416, 276), (kite.ResizedWidth, kite.ResizedHeight));
    }

    [Fact]
    public void Top_left_letterbox_maps_tensor_boxes_back_by_dividing_by_the_ratio()
    {
        var g = InputGeometry.For(Spec(ResizeMode.LetterboxTopLeft), 768, 576);
        var r = 416f / 768f;
        Assert.Equal(100f, g.ToSourceX(100f * r), 3);
        Assert.Equal(200f, g.ToSourceY(200f * r), 3);
        // Boxes reaching into the padding are clipped to the image.
        Assert.Equal(576f, g.ToSourceY(400f));
        Assert.Equal(0f, g.ToSourceX(-5f));
    }

    [Fact]
    public void Centred_letterbox_splits_the_padding_and_subtracts_it_when_mapping_back()
    {
        // 1280x720 into 640x640: r = 0.5, 640x360, padding (640 − 360)/2 = 140 above and below.
        var g = InputGeometry.For(Spec(ResizeMode.LetterboxCenter, 640, 640), 1280, 720);
        Assert.Equal((640, 360, 0, 140), (g.ResizedWidth, g.ResizedHeight, g.OffsetX, g.OffsetY));
        Assert.Equal(100f, g.ToSourceY(140 + 50), 3);
        Assert.Equal(1000f, g.ToSourceX(500), 3);
    }

    [Fact]
    public void Stretch_scales_each_axis_on_its_own()
    {
        var g = InputGeometry.For(Spec(ResizeMode.Stretch, 300, 300), 600, 150);
        Assert.Equal((300, 300, 0.5f, 2f), (g.ResizedWidth, g.ResizedHeight, g.ScaleX, g.ScaleY));
        Assert.Equal(400f, g.ToSourceX(200), 3);
        Assert.Equal(50f, g.ToSourceY(100), 3);
    }

    [Fact]
    public void Shorter_side_crop_resizes_then_crops_the_centre()
    {
        // 500x375 with shorter side 256: 341x256 (int(256·500/375) = 341), centre crop 224 from x = 58, y = 16.
        var spec = Spec(ResizeMode.ShorterSideCenterCrop, 224, 224) with { ResizeShorterSide = 256 };
        var g = InputGeometry.For(spec, 500, 375);
        Assert.Equal((341, 256), (g.ResizedWidth, g.ResizedHeight));
        Assert.Equal((58, 16), (g.CropX, g.CropY));
        Assert.Equal((-g.CropX, -g.CropY), (g.OffsetX, g.OffsetY));
        // Tensor x 0 is resized x 58, i.e. source 58 / (341/500) = 85.04.
        Assert.Equal(85.04f, g.ToSourceX(0), 2);
    }
}
