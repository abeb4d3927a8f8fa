using InferenceService.Inference.Families.Detr;
using InferenceService.Inference.Families.ImageNet;
using InferenceService.Inference.Families.RtDetr;
using InferenceService.Inference.Families.TfObjectDetection;
using InferenceService.Inference.Families.Torchvision;
using InferenceService.Inference.Families.Ultralytics;
using InferenceService.Inference.Families.YoloNas;
using InferenceService.Inference.Families.Yolox;

namespace InferenceService.Inference.Families;

/// <summary>Every export convention the service recognises: the one list the host, tests and benchmarks share.</summary>
public static class KnownFamilies
{
    public static IReadOnlyList<IModelFamily> All { get; } =
    [
        new YoloxFamily(),
        new TfObjectDetectionFamily(),
        new UltralyticsFamily(),
        new UltralyticsEndToEndFamily(),
        new YoloNasFamily(),
        new TorchvisionFamily(),
        new DetrFamily(),
        new RtDetrFamily(),
        new ImageNetClassifierFamily(),
    ];

    public static FamilyRecogniser Recogniser() => new(All);
}
