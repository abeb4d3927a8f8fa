using InferenceService.Inference;
using Microsoft.Extensions.Options;

namespace InferenceService.Model.Repository;

public static class RepositorySetup
{
    /// <summary>The variable that sets the repository's root, as refusals name it.</summary>
    public const string RootVariable = "MODEL_REPOSITORY";

    /// <summary>
    /// The repository's options, checked at start (a bad combination stops the process with the reason rather than
    /// serving something other than what was asked), the repository over the shared registry, and its scans.
    /// </summary>
    public static IServiceCollection AddModelRepository(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RepositoryOptions>()
            .Bind(configuration.GetSection(RepositoryOptions.Section))
            // Read from the configuration, not IOptions<MultiModelOptions>: those options read these (the root below).
            .Validate(
                r => !(r.Enabled && configuration.GetValue<bool>($"{MultiModelOptions.Section}:{nameof(MultiModelOptions.Enabled)}")),
                "MODEL_REPOSITORY (Repository:Root) and SAGEMAKER_MULTI_MODEL / MULTI_MODEL (MultiModel:Enabled) exclude each other: set one.")
            .Validate(
                r => !r.Management || !string.IsNullOrEmpty(r.ManagementToken),
                "MODEL_MANAGEMENT=true (Repository:Management) needs MANAGEMENT_TOKEN (Repository:ManagementToken): POST and DELETE /models would otherwise be open to anyone.")
            .Validate(
                r => r.PollSeconds is >= 0 and <= RepositoryOptions.MaxPollSeconds,
                $"MODEL_REPOSITORY_POLL_SECONDS (Repository:PollSeconds) must be 0 (off) to {RepositoryOptions.MaxPollSeconds}.")
            .ValidateOnStart();
        // POST /models confines its url to the repository, with the rule that confines it to MULTI_MODEL_ROOT.
        services.AddOptions<MultiModelOptions>()
            .PostConfigure<IOptions<RepositoryOptions>>((m, r) => m.Root = r.Value.Enabled ? Path.GetFullPath(r.Value.Root!) : m.Root);
        services.AddSingleton<ModelRepository>();
        services.AddHostedService<RepositoryScanning>();
        return services;
    }

    public static bool IsRepository(this IServiceProvider services) =>
        services.GetRequiredService<IOptions<RepositoryOptions>>().Value.Enabled;

    /// <summary>A multi-model endpoint or a repository: models by name through /models.</summary>
    public static bool ServesManyModels(this IServiceProvider services) => services.IsMultiModel() || services.IsRepository();

    /// <summary>What the service serves, for the start-up line: the repository, the multi-model root or MODEL_DIR.</summary>
    public static string DescribeServedModels(this IServiceProvider services) =>
        services.IsRepository() ? $"the model repository {services.GetRequiredService<IOptions<RepositoryOptions>>().Value.Root}"
        : services.IsMultiModel() ? $"the models POST /models loads from {services.GetRequiredService<IOptions<MultiModelOptions>>().Value.Root}"
        : services.GetRequiredService<IOptions<InferenceOptions>>().Value.ModelDir;
}
