namespace InferenceService.Inference.Runtime;

/// <summary>
/// How many of the process's cores a prediction may use: all of them while it is the only one in flight, one
/// otherwise. The cores belong to the process, not to a model, so one share counts the predictions of every model.
/// Under load the workers already keep every core busy with one thread each; a lone request would leave the
/// others idle.
/// </summary>
public sealed class CoreShare(int cores)
{
    private int _inFlight;

    /// <summary>The share every pipeline of this process uses.</summary>
    public static CoreShare Process { get; } = new(Environment.ProcessorCount);

    /// <summary>Cores a lone prediction may use.</summary>
    public int Cores { get; } = Math.Max(1, cores);

    /// <summary>Counts a prediction in flight until the lease is disposed.</summary>
    public CoreLease Enter()
    {
        Interlocked.Increment(ref _inFlight);
        return new CoreLease(this, 0);
    }

    internal int CoresNow => Volatile.Read(ref _inFlight) <= 1 ? Cores : 1;

    internal void Leave() => Interlocked.Decrement(ref _inFlight);
}

/// <summary>
/// One prediction's place in a <see cref="CoreShare"/>. <see cref="Cores"/> is read when a stage starts (the
/// preprocessing's row bands, the Run's session), since other predictions come and go meanwhile; the default
/// lease is one core.
/// </summary>
public readonly struct CoreLease : IDisposable
{
    private readonly CoreShare? _share;
    private readonly int _fixed;

    internal CoreLease(CoreShare? share, int fixedCores)
    {
        _share = share;
        _fixed = fixedCores;
    }

    /// <summary>A lease that counts nothing and always gives <paramref name="cores"/>: warm-up uses it to reach every session.</summary>
    public static CoreLease Fixed(int cores) => new(null, cores);

    public int Cores => _share?.CoresNow ?? Math.Max(1, _fixed);

    public void Dispose() => _share?.Leave();
}
