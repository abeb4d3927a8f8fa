using InferenceService.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InferenceService.UnitTests.Hosting;

/// <summary>The periodic malloc_trim: on its period, off at 0, and given up where the C library lacks it.</summary>
public sealed class NativeMemoryTrimmerTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    /// <summary>A fake clock that says when the trimmer has made its timer: ExecuteAsync starts on the thread pool.</summary>
    private sealed class WatchedClock : FakeTimeProvider
    {
        private readonly TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerCreated => _timerCreated.Task.WaitAsync(Settle);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timerCreated.TrySetResult();
            return timer;
        }
    }

    private static NativeMemoryTrimmer Trimmer(int seconds, FakeTimeProvider time, Func<bool> trim) =>
        new(Options.Create(new ServerOptions { NativeMemoryTrimSeconds = seconds }), time, NullLogger<NativeMemoryTrimmer>.Instance, trim);

    /// <summary>A trimmer on a 30 s period, started, with its timer made, so that advancing the clock ticks it.</summary>
    private static async Task<(NativeMemoryTrimmer Trimmer, WatchedClock Time)> StartedAsync(Func<bool> trim)
    {
        var time = new WatchedClock();
        var trimmer = Trimmer(30, time, trim);
        await trimmer.StartAsync(CancellationToken.None);
        await time.TimerCreated;
        return (trimmer, time);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Settle);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    [Fact]
    public async Task Trims_once_per_period_of_the_clock()
    {
        var calls = 0;
        var (trimmer, time) = await StartedAsync(() => Interlocked.Increment(ref calls) > 0);
        using var _ = trimmer;

        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(50);
        Assert.Equal(0, Volatile.Read(ref calls));
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => Volatile.Read(ref calls) == 1);
        time.Advance(TimeSpan.FromSeconds(30));
        await WaitForAsync(() => Volatile.Read(ref calls) == 2);

        await trimmer.StopAsync(CancellationToken.None);
        Assert.True(trimmer.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Zero_seconds_turns_trimming_off()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        using var trimmer = Trimmer(0, time, () => Interlocked.Increment(ref calls) > 0);
        await trimmer.StartAsync(CancellationToken.None);
        await WaitForAsync(() => trimmer.ExecuteTask!.IsCompleted);
        time.Advance(TimeSpan.FromHours(1));

        Assert.True(trimmer.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Stops_after_the_first_try_where_the_c_library_has_no_malloc_trim()
    {
        var calls = 0;
        var (trimmer, time) = await StartedAsync(() => Interlocked.Increment(ref calls) < 0);
        using var _ = trimmer;

        time.Advance(TimeSpan.FromSeconds(30));
        await WaitForAsync(() => trimmer.ExecuteTask!.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.True(trimmer.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public void The_real_trim_runs_on_this_glibc_machine() => Assert.True(NativeMemory.Trim());
}
