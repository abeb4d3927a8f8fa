namespace InferenceService.Inference.Preprocessing;

/// <summary>The normalisations frameworks bake into their pretrained weights (names as in Keras' <c>preprocess_input</c>).</summary>
public static class NormalizationPresets
{
    public static readonly string[] Names = ["torch", "tf", "caffe", "raw"];

    /// <summary>torchvision: /255 then ImageNet mean/std.</summary>
    public static PreprocessSpec Torch(PreprocessSpec s) =>
        s with { Scale = 1f / 255f, Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f] };

    /// <summary>Keras "tf" (MobileNet, Xception, Inception): x/127.5 − 1 into [−1, 1].</summary>
    public static PreprocessSpec Tf(PreprocessSpec s) =>
        s with { Scale = 1f / 127.5f, Mean = [1f, 1f, 1f], Std = [1f, 1f, 1f] };

    /// <summary>Keras/Caffe "caffe" (VGG, ResNet50 v1): BGR, 0–255 minus the ImageNet mean (given here in RGB order).</summary>
    public static PreprocessSpec Caffe(PreprocessSpec s) =>
        s with { ColorOrder = ColorOrder.Bgr, Scale = 1f, Mean = [123.68f, 116.779f, 103.939f], Std = [1f, 1f, 1f] };

    /// <summary>Pixels as they are, 0–255.</summary>
    public static PreprocessSpec Raw(PreprocessSpec s) => s with { Scale = 1f, Mean = [0f, 0f, 0f], Std = [1f, 1f, 1f] };

    public static PreprocessSpec Apply(string preset, PreprocessSpec s) => preset switch
    {
        "torch" => Torch(s),
        "tf" => Tf(s),
        "caffe" => Caffe(s),
        "raw" => Raw(s),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, $"Known presets: {string.Join(", ", Names)}."),
    };
}
