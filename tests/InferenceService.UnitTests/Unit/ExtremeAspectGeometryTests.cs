using InferenceService.Inference.Preprocessing;
using SkiaSharp;

namespace InferenceService.UnitTests.Unit;

/// <summary>
/// Extreme aspect ratios: the resized size may be millions of pixels long, but the part that is resampled
/// (<see cref="InputGeometry.Visible"/>) never exceeds the tensor.
/// </summary>
public sealed class ExtremeAspectGeometryTests
{
    private static readonly PreprocessSpec Classifier = new()
    {
        Width = 224, Height = 224, Resize = ResizeMode.ShorterSideCenterCrop, ResizeShorterSide = 256,
    };

    private static PreprocessSpec Letterbox(ResizeMode mode) => new() { Width = 416, Height = 416, Resize = mode };

    [Fact]
    public void A_1x8000_image_resamples_only_the_centre_224_of_its_256x2048000_resize()
    {
        var g = InputGeometry.For(Classifier, 1, 8000);
        Assert.Equal((256, 2_048_000), (g.ResizedWidth, g.ResizedHeight));
        // Crop (256 − 224)/2 = 16 across, (2 048 000 − 224)/2 = 1 023 888 down: the same crop as before.
        Assert.Equal((16, 1_023_888), (g.CropX, g.CropY));
        Assert.Equal(SKRectI.Create(16, 1_023_888, 224, 224), g.Visible);
    }

    [Fact]
    public void An_8000x1_image_resamples_only_the_centre_224_of_its_2048000x256_resize()
    {
        var g = InputGeometry.For(Classifier, 8000, 1);
        Assert.Equal((2_048_000, 256), (g.ResizedWidth, g.ResizedHeight));
        Assert.Equal(SKRectI.Create(1_023_888, 16, 224, 224), g.Visible);
    }

    [Fact]
    public void A_1x100000_image_resamples_only_a_224_square()
    {
        var g = InputGeometry.For(Classifier, 1, 100_000);
        Assert.Equal(25_600_000, g.ResizedHeight);
        Assert.Equal(SKRectI.Create(16, 12_799_888, 224, 224), g.Visible);
        // Tensor row 0 is resized row 12 799 888, i.e. source row 12 799 888 / 256 = 49 999.56.
        Assert.Equal(49_999.56f, g.ToSourceY(0), 1);
    }

    [Fact]
    public void A_shorter_side_too_large_for_an_int_saturates_instead_of_wrapping_around()
    {
        var g = InputGeometry.For(Classifier with { ResizeShorterSide = 100_000 }, 1, 30_000);
        Assert.Equal(int.MaxValue, g.ResizedHeight);
        Assert.Equal((224, 224), (g.Visible.Width, g.Visible.Height));
        Assert.True(g.Visible.Top > 0 && g.Visible.Bottom <= g.ResizedHeight, $"{g.Visible}");
    }

    [Fact]
    public void A_normal_photo_keeps_its_crop()
    {
        var g = InputGeometry.For(Classifier, 500, 375);
        Assert.Equal(SKRectI.Create(58, 16, 224, 224), g.Visible);
    }

    [Theory]
    [InlineData(ResizeMode.LetterboxTopLeft, 1, 100_000, 1, 415)] // YOLOX truncates 100 000 · (416 / 100 000) = 415.99…
    [InlineData(ResizeMode.LetterboxTopLeft, 100_000, 1, 415, 1)]
    [InlineData(ResizeMode.LetterboxCenter, 1, 100_000, 1, 416)]
    [InlineData(ResizeMode.LetterboxCenter, 100_000, 1, 416, 1)]
    [InlineData(ResizeMode.Stretch, 1, 100_000, 416, 416)]
    public void A_side_that_scales_to_zero_stays_one_pixel_and_the_whole_resize_is_visible(ResizeMode mode, int width, int height, int resizedW, int resizedH)
    {
        var g = InputGeometry.For(Letterbox(mode), width, height);
        Assert.Equal((resizedW, resizedH), (g.ResizedWidth, g.ResizedHeight));
        Assert.Equal(SKRectI.Create(resizedW, resizedH), g.Visible);
        Assert.InRange(g.OffsetX + g.Visible.Right, 1, g.TensorWidth);
        Assert.InRange(g.OffsetY + g.Visible.Bottom, 1, g.TensorHeight);
    }

    [Theory]
    [InlineData(1, 100_000, 1, 1024, 32, 1024)]
    [InlineData(100_000, 1, 1024, 1, 1024, 32)]
    [InlineData(2048, 4, 1024, 2, 1024, 32)]
    [InlineData(4000, 125, 1024, 32, 1024, 32)] // 32:1 exactly: no padding
    [InlineData(1280, 720, 1024, 576, 1024, 576)]
    public void A_graph_that_resizes_itself_gets_extreme_ratios_padded_to_32_to_1_with_the_image_top_left(
        int width, int height, int resizedW, int resizedH, int tensorW, int tensorH)
    {
        var g = InputGeometry.For(new PreprocessSpec { Resize = ResizeMode.Original }, width, height);
        Assert.Equal((resizedW, resizedH), (g.ResizedWidth, g.ResizedHeight));
        Assert.Equal((tensorW, tensorH), (g.TensorWidth, g.TensorHeight));
        Assert.Equal(SKRectI.Create(resizedW, resizedH), g.Visible);
        Assert.Equal((0, 0), (g.OffsetX, g.OffsetY));
    }
}
