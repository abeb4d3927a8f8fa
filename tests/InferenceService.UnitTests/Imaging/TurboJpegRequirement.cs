using InferenceService.Imaging.Jpeg;

namespace InferenceService.UnitTests.Imaging;

/// <summary>
/// Tests of the TurboJPEG decoder need libturbojpeg. A development machine without it skips them, saying why; CI
/// (<c>CI=true</c>; .ci/run installs libturbojpeg0) runs them, so a missing library fails there instead of hiding.
/// </summary>
public static class TurboJpegRequirement
{
    public static string? SkipReason =>
        TurboJpeg.IsAvailable || Environment.GetEnvironmentVariable("CI") == "true"
            ? null
            : $"{TurboJpeg.LibraryName} is not installed (apt-get install libturbojpeg0); with CI=true this test fails instead.";

    public static void AssertAvailable() =>
        Assert.True(TurboJpeg.IsAvailable, $"{TurboJpeg.LibraryName} could not be loaded: CI must install libturbojpeg0 (.ci/run).");
}

/// <summary>A fact about the TurboJPEG decoder: see <see cref="TurboJpegRequirement"/>.</summary>
public sealed class TurboJpegFactAttribute : FactAttribute
{
    public TurboJpegFactAttribute()
    {
        Skip = TurboJpegRequirement.SkipReason;
    }
}

/// <summary>A theory about the TurboJPEG decoder on the shared photos: skipped without either.</summary>
public sealed class TurboJpegSharedTheoryAttribute : TheoryAttribute
{
    public TurboJpegSharedTheoryAttribute()
    {
        Skip = SharedAssets.SkipReason ?? TurboJpegRequirement.SkipReason;
    }
}
