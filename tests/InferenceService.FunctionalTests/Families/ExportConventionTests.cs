using System.Text;
using InferenceService.Inference;
using InferenceService.Inference.Pipeline;
using InferenceService.Inference.Postprocessing;
using InferenceService.FunctionalTests.Support;
using SkiaSharp;

namespace InferenceService.FunctionalTests.Families;

/// <summary>What the issue-14 conventions promise beyond matching their references: final rows stay final, and only inputs the service can fill are accepted.</summary>
public sealed class ExportConventionTests
{
    [SharedAssetFact]
    public void End_to_end_padding_rows_never_appear_even_at_confidence_zero()
    {
        using var pipeline = TestModels.Load(SharedAssets.Model("yolox-nano-e2e"));
        var everything = pipeline.DefaultOptions with { Confidence = 0f, MaxDetections = 1000 };

        // The graph keeps rows scoring above 0.25 and pads the rest of its 300 with zeros (class 0, "person", included):
        // dog.jpg fills a handful, a black image none.
        var dog = pipeline.Predict(File.ReadAllBytes(SharedAssets.Image("dog.jpg")), everything);
        var black = pipeline.Predict(BlackJpeg(), everything);

        Assert.InRange(dog.Detections.Count, 4, 10);
        Assert.All(dog.Detections, d => Assert.True(d.Score > 0.25f, $"score {d.Score}"));
        Assert.Empty(black.Detections);
    }

    [SharedAssetFact]
    public void End_to_end_rows_get_a_second_nms_only_when_the_manifest_asks()
    {
        // horses.jpg (with the reference's resize filter): the graph's IoU-0.7 NMS keeps a horse 0.53 [66,172,421,392]
        // over the big horse 0.80 [1,185,332,413] (IoU 0.56); a class-aware NMS at the default 0.45 removes it.
        using var plainDir = TestModels.CopyWith("yolox-nano-e2e", ("inference.json", """{ "resize_filter": "antialiased" }"""));
        using var plain = TestModels.Load(plainDir.Path);
        using var dir = TestModels.CopyWith("yolox-nano-e2e", ("inference.json", """{ "resize_filter": "antialiased", "nms": true }"""));
        using var withNms = TestModels.Load(dir.Path);
        var horses = File.ReadAllBytes(SharedAssets.Image("horses.jpg"));

        var horsesPlain = Horses(plain.Predict(horses, plain.DefaultOptions).Detections, plain);
        var horsesNms = Horses(withNms.Predict(horses, withNms.DefaultOptions).Detections, withNms);

        Assert.False(plain.Plan.AppliesNms);
        Assert.Contains(horsesPlain, d => Math.Abs(d.Score - 0.53f) < 0.05f && d.X1 > 40 && d.X1 < 90);
        Assert.DoesNotContain(horsesNms, d => Math.Abs(d.Score - 0.53f) < 0.05f && d.X1 > 40 && d.X1 < 90);
        Assert.Equal(horsesPlain.Count - 1, horsesNms.Count);
    }

    [SharedAssetFact]
    public void An_input_that_is_neither_the_image_nor_its_size_is_a_load_error_naming_it()
    {
        // yolox-nano-rtdetr with its orig_target_sizes input renamed (same length, so the protobuf stays valid).
        var bytes = File.ReadAllBytes(Path.Combine(SharedAssets.Model("yolox-nano-rtdetr"), "model.onnx"));
        var renamed = Replace(bytes, "orig_target_sizes"u8, "camera_intrinsics"u8);
        using var dir = TestModels.CopyWith("yolox-nano-rtdetr");
        File.Delete(Path.Combine(dir.Path, "model.onnx"));
        File.WriteAllBytes(Path.Combine(dir.Path, "model.onnx"), renamed);

        var error = Assert.Throws<ModelLoadException>(() => TestModels.Load(dir.Path));

        Assert.Contains("'camera_intrinsics: int64[?,2]'", error.Message, StringComparison.Ordinal);
        Assert.Contains("orig_target_sizes", error.Message, StringComparison.Ordinal);
    }

    private static List<Detection> Horses(IReadOnlyList<Detection> detections, InferencePipeline pipeline) =>
        detections.Where(d => pipeline.Labels.NameOf(d.ClassId) == "horse").ToList();

    private static byte[] BlackJpeg()
    {
        using var bitmap = new SKBitmap(320, 240);
        bitmap.Erase(SKColors.Black);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    private static byte[] Replace(byte[] bytes, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        var copy = (byte[])bytes.Clone();
        int replaced = 0, offset = 0, found;
        while ((found = copy.AsSpan(offset).IndexOf(from)) >= 0)
        {
            to.CopyTo(copy.AsSpan(offset + found));
            offset += found + from.Length;
            replaced++;
        }

        Assert.True(replaced >= 2, $"'{Encoding.ASCII.GetString(from)}' found {replaced} times");
        return copy;
    }
}
