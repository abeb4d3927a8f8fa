using InferenceService.FunctionalTests.MultiModel;
using InferenceService.FunctionalTests.Support;
using InferenceService.Inference;
using Microsoft.Extensions.Options;

namespace InferenceService.FunctionalTests.Inference;

/// <summary>Which services give their CPU sessions one process-wide arena (<see cref="InferenceOptions.ShareCpuArena"/>).</summary>
public sealed class CpuArenaTests
{
    [Fact]
    public void A_service_of_one_model_shares_one_cpu_arena_between_its_sessions()
    {
        using var host = ServiceHost.ForModel("/nonexistent-model");

        Assert.True(Options(host).ShareCpuArena);
    }

    [Fact]
    public void A_multi_model_endpoint_keeps_an_arena_per_session_so_that_unloading_frees_memory()
    {
        using var root = new MultiModelRoot();
        using var host = ServiceHost.WithoutModel(("MultiModel:Enabled", "true"), ("MultiModel:Root", root.Path));

        Assert.False(Options(host).ShareCpuArena);
    }

    [Fact]
    public void A_model_repository_keeps_an_arena_per_session_so_that_unloading_frees_memory()
    {
        using var root = new MultiModelRoot();
        using var host = ServiceHost.WithoutModel(("Repository:Root", root.Path));

        Assert.False(Options(host).ShareCpuArena);
    }

    private static InferenceOptions Options(ServiceHost host) =>
        host.Services.GetRequiredService<IOptions<InferenceOptions>>().Value;
}
