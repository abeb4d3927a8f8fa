using InferenceService.Imaging.Resampling;
using InferenceService.Inference.Families;
using InferenceService.Inference.Preprocessing;

namespace InferenceService.Inference.Manifest;

/// <summary>Lays a manifest's explicit choices over a recognised plan (its thresholds: <c>PredictionOptions.From</c>).</summary>
public static class ManifestApplier
{
    /// <summary>The input name was checked against the graph by <see cref="ManifestInput"/>.</summary>
    public static ModelPlan Apply(ModelManifest manifest, ModelPlan plan)
    {
        return plan with
        {
            InputName = manifest.Input ?? plan.InputName,
            Preprocess = Apply(manifest, plan.Preprocess),
            Nms = manifest.Nms ?? plan.Nms,
            Softmax = manifest.Softmax ?? plan.Softmax,
        };
    }

    public static PreprocessSpec Apply(ModelManifest m, PreprocessSpec spec)
    {
        if (m.Normalize is { } preset)
        {
            spec = NormalizationPresets.Apply(preset, spec);
        }

        return spec with
        {
            Width = m.Width ?? spec.Width,
            Height = m.Height ?? spec.Height,
            Layout = m.Layout is { } layout ? (layout == "NHWC" ? TensorLayout.Nhwc : TensorLayout.Nchw) : spec.Layout,
            ElementType = m.Dtype is { } dtype ? (dtype == "uint8" ? InputElementType.UInt8 : InputElementType.Float32) : spec.ElementType,
            ColorOrder = m.ColorOrder is { } order ? (order == "BGR" ? ColorOrder.Bgr : ColorOrder.Rgb) : spec.ColorOrder,
            Resize = m.Resize is { } resize ? ParseResize(resize) : spec.Resize,
            Filter = m.ResizeFilter is { } filter ? (filter == "antialiased" ? ResizeFilter.Antialiased : ResizeFilter.Bilinear) : spec.Filter,
            ResizeShorterSide = m.ResizeShorterSide ?? spec.ResizeShorterSide,
            PadValue = m.PadValue ?? spec.PadValue,
            Scale = m.Scale ?? spec.Scale,
            Mean = m.Mean ?? spec.Mean,
            Std = m.Std ?? spec.Std,
        };
    }

    public static ResizeMode ParseResize(string resize) => resize switch
    {
        "letterbox-top-left" => ResizeMode.LetterboxTopLeft,
        "letterbox-center" => ResizeMode.LetterboxCenter,
        "stretch" => ResizeMode.Stretch,
        "shorter-side-crop" => ResizeMode.ShorterSideCenterCrop,
        "original" => ResizeMode.Original,
        _ => throw new ArgumentOutOfRangeException(nameof(resize), resize, "Unknown resize mode."),
    };
}
