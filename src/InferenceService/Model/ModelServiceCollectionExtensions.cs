using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Families.Detr;
using InferenceService.Inference.Families.ImageNet;
using InferenceService.Inference.Families.TfObjectDetection;
using InferenceService.Inference.Families.Torchvision;
using InferenceService.Inference.Families.Ultralytics;
using InferenceService.Inference.Families.Yolox;
using InferenceService.Inference.Loading;

namespace InferenceService.Model;

public static class ModelServiceCollectionExtensions
{
    /// <summary>Model options, the known families, the loader and the background load that publishes readiness.</summary>
    public static IServiceCollection AddInferenceModel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InferenceOptions>(configuration.GetSection(InferenceOptions.Section));
        services.AddSingleton<IModelFamily, YoloxFamily>();
        services.AddSingleton<IModelFamily, TfObjectDetectionFamily>();
        services.AddSingleton<IModelFamily, UltralyticsFamily>();
        services.AddSingleton<IModelFamily, TorchvisionFamily>();
        services.AddSingleton<IModelFamily, DetrFamily>();
        services.AddSingleton<IModelFamily, ImageNetClassifierFamily>();
        services.AddSingleton<FamilyRecogniser>();
        services.AddSingleton<IModelLoader, ModelLoader>();
        services.AddSingleton<ModelState>();
        services.AddHostedService<ModelLoadingService>();
        return services;
    }
}
