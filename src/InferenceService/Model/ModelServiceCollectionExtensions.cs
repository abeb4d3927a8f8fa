using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Loading;
using InferenceService.Model.Repository;
using Microsoft.Extensions.Options;

namespace InferenceService.Model;

public static class ModelServiceCollectionExtensions
{
    /// <summary>Model options, the known families, the loader and the background load that publishes readiness.</summary>
    public static IServiceCollection AddInferenceModel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InferenceOptions>(configuration.GetSection(InferenceOptions.Section));
        services.AddOptions<InferenceOptions>()
            .PostConfigure<IOptions<MultiModelOptions>, IOptions<RepositoryOptions>>(
                (inference, multiModel, repository) => inference.ShareCpuArena = !multiModel.Value.Enabled && !repository.Value.Enabled);
        services.AddSingleton(_ => KnownFamilies.Recogniser());
        services.AddSingleton<IModelLoader, ModelLoader>();
        services.AddSingleton<ModelState>();
        services.AddHostedService<ModelLoadingService>();
        return services;
    }
}
