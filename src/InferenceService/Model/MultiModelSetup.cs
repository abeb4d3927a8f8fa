using Microsoft.Extensions.Options;

namespace InferenceService.Model;

public static class MultiModelSetup
{
    /// <summary>The registry of a multi-model endpoint and its memory budget (unused in single-model mode).</summary>
    public static IServiceCollection AddMultiModel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MultiModelOptions>(configuration.GetSection(MultiModelOptions.Section));
        services.AddSingleton<MemoryBudget>();
        services.AddSingleton<ModelRegistry>();
        return services;
    }

    public static bool IsMultiModel(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<MultiModelOptions>>().Value.Enabled;
}
