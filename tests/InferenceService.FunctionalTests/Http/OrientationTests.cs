using InferenceService.FunctionalTests.Support;
using SkiaSharp;

namespace InferenceService.FunctionalTests.Http;

/// <summary>A phone photo stored sideways with an EXIF orientation is detected as the upright image.</summary>
public sealed class OrientationTests(YoloxNanoService service) : IClassFixture<YoloxNanoService>
{
    [SharedAssetTheory]
    [InlineData(6)]
    [InlineData(8)]
    public async Task Boxes_refer_to_the_upright_image_when_EXIF_rotates_it(int orientation)
    {
        using var dog = SKBitmap.Decode(SharedAssets.Image("dog.jpg"));
        var upright = ExifJpeg.Encode(dog);
        var rotated = ExifJpeg.Rotated(dog, orientation);

        using var uprightResponse = await service.Client.PostAsync("/invocations", Requests.Raw(upright));
        using var rotatedResponse = await service.Client.PostAsync("/invocations", Requests.Raw(rotated));
        var expected = await PredictionBody.ReadAsync(uprightResponse);
        var actual = await PredictionBody.ReadAsync(rotatedResponse);

        Assert.Equal((dog.Width, dog.Height), (actual.Width, actual.Height));
        Assert.True(expected.Classes.Length >= 3, expected.Describe());
        var reference = expected.Classes
            .Select((c, i) => new ReferenceDetection(c, expected.Confidences[i], expected.Boxes[i][0], expected.Boxes[i][1], expected.Boxes[i][2], expected.Boxes[i][3]))
            .ToList();
        actual.AssertMatches(reference, $"orientation {orientation} vs upright");
    }
}
