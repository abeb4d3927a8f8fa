using System.Buffers;

namespace InferenceService.Features.ImageUrls;

/// <summary>
/// One request's share of the <see cref="ImageUrlBudget"/> and the pooled arrays its fetched images live in, valid
/// until disposed. The share is reserved whole before the first fetch, so a request never waits for budget while
/// it holds some (two requests cannot each hold half and wait for the other); what the fetches did not use goes
/// back when the last of them ends, the rest when the request is done with its images.
/// </summary>
public sealed class ImageUrlReservation : IDisposable
{
    private const int UnknownLengthCapacity = 64 * 1024;

    private readonly ImageUrlFetcher _fetcher;
    private readonly ImageUrlBudget _budget;
    private readonly Lock _lock = new();
    private readonly List<byte[]> _arrays = [];
    private long _reserved;
    private long _charged;
    private int _pending;

    internal ImageUrlReservation(ImageUrlFetcher fetcher, ImageUrlBudget budget, long reserved, int urls)
    {
        _fetcher = fetcher;
        _budget = budget;
        _reserved = reserved;
        _pending = urls;
    }

    /// <summary>Fetches one of the request's URLs; its bytes stay valid until this reservation is disposed.</summary>
    public async Task<ReadOnlyMemory<byte>> FetchAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            return await _fetcher.FetchAsync(url, this, cancellationToken);
        }
        finally
        {
            lock (_lock)
            {
                if (--_pending == 0)
                {
                    _budget.Release(_reserved - _charged);
                    _reserved = _charged;
                }
            }
        }
    }

    /// <summary>Reads a response body of at most <paramref name="limit"/> bytes into a pooled array charged to this share.</summary>
    internal async Task<ReadOnlyMemory<byte>> ReadAsync(Stream stream, long? declared, long limit, CancellationToken cancellationToken)
    {
        // A declared length is charged whole before reading, so fetches running side by side cannot each take part
        // of the share and all fail; a body of unknown length is charged as it arrives.
        var charged = 0L;
        byte[]? array = null;
        try
        {
            if (declared is { } length)
            {
                Charge(length);
                charged = length;
            }

            array = ArrayPool<byte>.Shared.Rent((int)Math.Min((declared ?? UnknownLengthCapacity) + 1, limit + 1));
            var filled = 0;
            while (true)
            {
                if (filled == array.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * array.Length, limit + 1));
                    array.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(array);
                    array = larger;
                }

                var read = await stream.ReadAsync(array.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                if (filled > limit)
                {
                    throw new ImageUrlRefusedException(StatusCodes.Status422UnprocessableEntity,
                        $"The image at the URL exceeds the limit of {limit:N0} bytes (MAX_BODY_BYTES).");
                }

                if (filled > charged)
                {
                    Charge(filled - charged);
                    charged = filled;
                }
            }

            lock (_lock)
            {
                _arrays.Add(array);
            }

            return array.AsMemory(0, filled);
        }
        catch
        {
            if (array is not null)
            {
                ArrayPool<byte>.Shared.Return(array);
            }

            lock (_lock)
            {
                _charged -= charged;
            }

            throw;
        }
    }

    /// <summary>Returns the images' arrays to the pool and the whole share to the budget.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var array in _arrays)
            {
                ArrayPool<byte>.Shared.Return(array);
            }

            _arrays.Clear();
            _budget.Release(_reserved);
            _reserved = 0;
            _charged = 0;
        }
    }

    private void Charge(long bytes)
    {
        lock (_lock)
        {
            if (_charged + bytes > _reserved)
            {
                throw new ImageUrlRefusedException(StatusCodes.Status422UnprocessableEntity,
                    $"The images of this request's URLs together exceed {_budget.Capacity:N0} bytes, the most the service holds at once (IMAGE_URL_BUDGET_BYTES).");
            }

            _charged += bytes;
        }
    }
}
