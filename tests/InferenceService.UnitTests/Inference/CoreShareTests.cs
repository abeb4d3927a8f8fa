using InferenceService.Inference;
using InferenceService.Inference.Runtime;

namespace InferenceService.UnitTests.Inference;

/// <summary>LONE_REQUEST_ALL_CORES: which predictions get every core, and when a model gets a lone session at all.</summary>
public sealed class CoreShareTests
{
    [Fact]
    public void A_prediction_alone_may_use_every_core()
    {
        var share = new CoreShare(4);

        using var lone = share.Enter();

        Assert.Equal(4, lone.Cores);
    }

    [Fact]
    public void Concurrent_predictions_use_one_core_each_until_one_is_left()
    {
        var share = new CoreShare(4);
        using var first = share.Enter();

        using (var second = share.Enter())
        {
            Assert.Equal(1, first.Cores);
            Assert.Equal(1, second.Cores);
        }

        Assert.Equal(4, first.Cores);
    }

    [Fact]
    public void The_default_lease_is_one_core() => Assert.Equal(1, default(CoreLease).Cores);

    [Theory]
    [InlineData(true, 0, 2, 2, 2)]
    [InlineData(true, 0, 8, 8, 8)]
    [InlineData(true, 0, 2, 4, 4)]
    public void A_lone_session_has_every_core_when_the_workers_split_them(bool enabled, int configured, int workers, int cores, int expected)
    {
        var options = new InferenceOptions { LoneRequestAllCores = enabled, IntraOpThreads = configured, ConcurrentRuns = workers };

        Assert.Equal(expected, options.LoneRunThreadsFor(cores));
    }

    [Theory]
    [InlineData(false, 0, 2, 2)]
    [InlineData(true, 1, 2, 2)]
    [InlineData(true, 2, 2, 2)]
    [InlineData(true, 0, 1, 2)]
    [InlineData(true, 0, 1, 1)]
    public void No_lone_session_when_switched_off_set_by_the_user_or_already_every_core(bool enabled, int configured, int workers, int cores)
    {
        var options = new InferenceOptions { LoneRequestAllCores = enabled, IntraOpThreads = configured, ConcurrentRuns = workers };

        Assert.Null(options.LoneRunThreadsFor(cores));
    }
}
