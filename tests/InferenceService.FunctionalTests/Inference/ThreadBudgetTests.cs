using InferenceService.Inference;
using InferenceService.FunctionalTests.Support;
using Microsoft.Extensions.Options;

namespace InferenceService.FunctionalTests.Inference;

public sealed class ThreadBudgetTests
{
    [Theory]
    [InlineData(0, 1, 8, 8)]
    [InlineData(0, 2, 8, 4)]
    [InlineData(0, 8, 8, 1)]
    [InlineData(0, 16, 8, 1)]
    [InlineData(3, 8, 8, 3)]
    public void Intra_op_threads_default_to_the_cores_split_between_concurrent_runs(int configured, int runs, int cores, int expected)
    {
        var options = new InferenceOptions { IntraOpThreads = configured, ConcurrentRuns = runs };

        Assert.Equal(expected, options.IntraOpThreadsFor(cores));
    }

    [Fact]
    public void The_host_tells_the_model_how_many_workers_share_the_cores()
    {
        using var host = ServiceHost.ForModel("/nonexistent-model", ("Server:Workers", "3"));

        Assert.Equal(3, host.Services.GetRequiredService<IOptions<InferenceOptions>>().Value.ConcurrentRuns);
    }
}
