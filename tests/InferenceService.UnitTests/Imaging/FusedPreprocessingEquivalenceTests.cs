using InferenceService.Imaging;
using InferenceService.Imaging.Resampling;
using InferenceService.Inference.Preprocessing;
using InferenceService.UnitTests.Imaging.Reference;
using Xunit.Abstractions;

namespace InferenceService.UnitTests.Imaging;

/// <summary>
/// The fused writer (decode into a pooled buffer, one pass to the tensor) gives the model what the canvas path it
/// replaced gave, within one pixel level (1/255 of the range) per value, for every layout, element type, filter and
/// geometry. Values are compared in pixel units, after undoing the normalisation (<c>v · Std / Scale + Mean / Scale</c>):
/// 1/255 is a statement about pixels, and the normalised units differ per preset and channel (torch's std of 0.225
/// would make a raw tolerance 4× looser for one channel than for another). Where the canvas path reduced an axis
/// more than 2× with the bilinear filter it sampled Skia's mipmaps, which the fused writer does not imitate (it
/// widens its taps to the triangle filter there): those cases, which no shared photo reaches unturned, are held to
/// a mean difference instead.
/// </summary>
public sealed class FusedPreprocessingEquivalenceTests(ITestOutputHelper output)
{
    private const float Tolerance = 1f + 1e-3f;

    /// <summary>Mipmaps and a triangle both average a reduction's pixels, with different weights: close on average, not per value.</summary>
    private const float MipmapMeanTolerance = 3f;

    public static TheoryData<string, ResizeFilter> Cases()
    {
        var data = new TheoryData<string, ResizeFilter>();
        foreach (var image in EquivalenceImages.Photos.Concat(EquivalenceImages.Others))
        {
            data.Add(image, ResizeFilter.Bilinear);
            data.Add(image, ResizeFilter.Antialiased);
        }

        return data;
    }

    private static readonly ResizeMode[] Geometries =
        [ResizeMode.LetterboxTopLeft, ResizeMode.LetterboxCenter, ResizeMode.Stretch, ResizeMode.ShorterSideCenterCrop, ResizeMode.Original];

    [SharedAssetTheory]
    [MemberData(nameof(Cases))]
    public void The_fused_writer_equals_the_canvas_path_within_one_pixel_level(string name, ResizeFilter filter)
    {
        var encoded = EquivalenceImages.Load(name);
        using var reference = new ReferenceImage(encoded);
        using var source = ImageSource.Open(encoded, new ImageLimits());
        var worst = 0f;
        foreach (var resize in Geometries)
        {
            foreach (var layout in new[] { TensorLayout.Nchw, TensorLayout.Nhwc })
            {
                foreach (var type in new[] { InputElementType.Float32, InputElementType.UInt8 })
                {
                    var spec = Spec(resize, layout, type, filter);
                    var g = InputGeometry.For(spec, source.Width, source.Height);
                    var (expected, got) = Both(spec, g, reference, source);
                    var (diff, at, mean) = PixelDifference(spec, expected, got);
                    if (reference.UsedMipmaps)
                    {
                        Assert.True(mean <= MipmapMeanTolerance, $"{name} {filter} {spec.Describe()}: mean difference {mean:0.###} from the mipmapped draw.");
                        output.WriteLine($"{name} {spec.Describe()}: past 2x, mean difference {mean:0.###}, largest {diff:0.#}");
                        continue;
                    }

                    worst = Math.Max(worst, diff);
                    Assert.True(diff <= Tolerance, $"{name} {filter} {spec.Describe()}: value {at} differs by {diff:0.###} pixel levels ({got[at]} vs {expected[at]}).");
                }
            }
        }

        output.WriteLine($"{name} {filter}: largest difference {worst:0.###} pixel levels");
    }

    [SharedAssetFact]
    public void Row_bands_in_parallel_write_the_same_tensor_as_one_thread()
    {
        var spec = Spec(ResizeMode.LetterboxCenter, TensorLayout.Nchw, InputElementType.Float32, ResizeFilter.Antialiased);
        using var source = ImageSource.Open(EquivalenceImages.Load("exif-6"), new ImageLimits());
        var preprocessor = new ImagePreprocessor(spec);
        var g = preprocessor.GeometryFor(source);
        var serial = new float[preprocessor.ElementCount(g)];
        var banded = new float[serial.Length];
        preprocessor.WriteFloat(source, g, serial);
        preprocessor.WriteFloat(source, g, banded, parallelism: 4);
        Assert.Equal(serial, banded);
    }

    private static PreprocessSpec Spec(ResizeMode resize, TensorLayout layout, InputElementType type, ResizeFilter filter)
    {
        var spec = new PreprocessSpec
        {
            Width = 300, Height = 224, Resize = resize, Layout = layout, ElementType = type, Filter = filter,
            LetterboxInset = resize == ResizeMode.LetterboxCenter ? 4 : 0, MaxSide = 400, PadValue = 114,
        };

        // Both colour orders and a normalisation whose mean and std differ per channel.
        return (type, layout) switch
        {
            (InputElementType.Float32, TensorLayout.Nchw) => NormalizationPresets.Torch(spec),
            (InputElementType.Float32, _) => NormalizationPresets.Caffe(spec),
            (_, TensorLayout.Nchw) => NormalizationPresets.Raw(spec),
            _ => NormalizationPresets.Raw(spec) with { ColorOrder = ColorOrder.Bgr },
        };
    }

    /// <summary>Both tensors as floats (uint8 ones widened), the reference's first.</summary>
    private static (float[] Expected, float[] Got) Both(PreprocessSpec spec, InputGeometry g, ReferenceImage reference, ImageSource source)
    {
        var fused = new ImagePreprocessor(spec);
        var old = new ReferencePreprocessor(spec);
        var count = fused.ElementCount(g);
        if (spec.ElementType == InputElementType.Float32)
        {
            float[] expected = new float[count], got = new float[count];
            old.Write(reference, g, expected);
            fused.WriteFloat(source, g, got);
            return (expected, got);
        }

        byte[] expectedBytes = new byte[count], gotBytes = new byte[count];
        old.Write(reference, g, expectedBytes);
        fused.WriteBytes(source, g, gotBytes);
        return (expectedBytes.Select(b => (float)b).ToArray(), gotBytes.Select(b => (float)b).ToArray());
    }

    /// <summary>The largest difference, in pixel levels, where it is, and the mean difference.</summary>
    private static (float Diff, int At, float Mean) PixelDifference(PreprocessSpec spec, float[] expected, float[] got)
    {
        var channels = spec.ColorOrder == ColorOrder.Bgr ? new[] { 2, 1, 0 } : [0, 1, 2];
        var plane = expected.Length / 3;
        var (worst, at, sum) = (0f, 0, 0.0);
        for (var i = 0; i < expected.Length; i++)
        {
            var c = spec.Layout == TensorLayout.Nchw ? i / plane : i % 3;
            var s = channels[c];
            // Float tensors hold (p · Scale − Mean) / Std: a difference d there is d · Std / Scale pixel levels.
            var toPixels = spec.ElementType == InputElementType.Float32 ? spec.Std[s] / spec.Scale : 1f;
            var diff = Math.Abs(expected[i] - got[i]) * toPixels;
            sum += diff;
            if (diff > worst)
            {
                (worst, at) = (diff, i);
            }
        }

        return (worst, at, (float)(sum / expected.Length));
    }
}
