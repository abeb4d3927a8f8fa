namespace InferenceService.Reliability;

/// <summary>
/// Load shedding comes in floods (an overloaded server refuses thousands of requests a second): at most one
/// Warning per <see cref="Interval"/> stands for all of them, with how many were refused since the previous one.
/// </summary>
internal sealed class SheddingLog
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private long _refused;
    private long _nextLineAt;

    public void Refused(ILogger logger, PathString path, string reason)
    {
        Interlocked.Increment(ref _refused);
        var now = Environment.TickCount64;
        var next = Interlocked.Read(ref _nextLineAt);
        if (now < next || Interlocked.CompareExchange(ref _nextLineAt, now + (long)Interval.TotalMilliseconds, next) != next)
        {
            return;
        }

        logger.LogWarning(
            "Shedding load: refused {Refused} request(s) since the previous such line, the latest {Path}: {Reason}",
            Interlocked.Exchange(ref _refused, 0), path, reason);
    }
}
