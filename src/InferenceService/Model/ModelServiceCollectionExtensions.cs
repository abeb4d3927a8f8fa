using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Loading;
using InferenceService.Model.Repository;

namespace InferenceService.Model;

public static class ModelServiceCollectionExtensions
{
    /// <summary>Model options, the known families, the loader and the background load that publishes readiness.</summary>
    public static IServiceCollection AddInferenceModel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InferenceOptions>(configuration.GetSection(InferenceOptions.Section));
        services.AddOptions<InferenceOptions>()
            .PostConfigure<IServiceProvider>((inference, provider) => inference.ShareCpuArena = !provider.ServesManyModels());
        services.AddSingleton(_ => KnownFamilies.Recogniser());
        services.AddSingleton<IModelLoader, ModelLoader>();
        services.AddSingleton<ModelState>();
        services.AddHostedService<ModelLoadingService>();
        return services;
    }
}
