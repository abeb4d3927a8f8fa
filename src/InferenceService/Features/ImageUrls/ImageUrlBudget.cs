using Microsoft.Extensions.Options;

namespace InferenceService.Features.ImageUrls;

/// <summary>
/// The bytes of fetched images the whole process may hold at once (<see cref="ImageUrlOptions.BudgetBytes"/>).
/// Reservations are granted first come, first served, so a request that needs much is not starved by a stream of
/// requests that need little; a waiting reservation gives up when its request's deadline cancels it.
/// </summary>
public sealed class ImageUrlBudget(IOptions<ImageUrlOptions> options)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private long _available = options.Value.BudgetBytes;

    public long Capacity { get; } = options.Value.BudgetBytes;

    public async Task ReserveAsync(long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Capacity);
        if (bytes == 0)
        {
            return;
        }

        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            if (_waiters.Count == 0 && bytes <= _available)
            {
                _available -= bytes;
                return;
            }

            node = _waiters.AddLast(new Waiter(bytes));
        }

        using var registration = cancellationToken.Register(() => Abandon(node, cancellationToken));
        await node.Value.Granted.Task;
    }

    public void Release(long bytes)
    {
        if (bytes == 0)
        {
            return;
        }

        lock (_lock)
        {
            _available += bytes;
            GrantWaiting();
        }
    }

    private void Abandon(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Already granted: the reservation stands and its holder releases it.
            if (node.List is null)
            {
                return;
            }

            _waiters.Remove(node);
            node.Value.Granted.TrySetCanceled(cancellationToken);

            // The abandoned waiter may have been the head blocking smaller ones that fit.
            GrantWaiting();
        }
    }

    private void GrantWaiting()
    {
        while (_waiters.First is { } first && first.Value.Bytes <= _available)
        {
            _available -= first.Value.Bytes;
            _waiters.RemoveFirst();
            first.Value.Granted.TrySetResult();
        }
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
