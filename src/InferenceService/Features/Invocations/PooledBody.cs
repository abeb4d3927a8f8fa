using System.Buffers;

namespace InferenceService.Features.Invocations;

/// <summary>A request body read into one pooled array, so base64 can be decoded in place and nothing is copied.</summary>
public sealed class PooledBody : IDisposable
{
    private byte[]? _array;

    private PooledBody(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    public int Length { get; }

    public Memory<byte> Memory => _array.AsMemory(0, Length);

    public Span<byte> Span => _array.AsSpan(0, Length);

    /// <summary>Reads the whole body, or returns null when it exceeds <paramref name="limit"/> (reading no further).</summary>
    public static async Task<PooledBody?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > limit)
        {
            return null;
        }

        var capacity = (int)Math.Min(request.ContentLength ?? 64 * 1024, limit + 1);
        var array = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == array.Length)
                {
                    if (length > limit)
                    {
                        ArrayPool<byte>.Shared.Return(array);
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)array.Length * 2, limit + 1));
                    array.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(array);
                    array = larger;
                }

                var read = await request.Body.ReadAsync(array.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(array);
                    return null;
                }
            }

            return new PooledBody(array, length);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            ArrayPool<byte>.Shared.Return(array);
            return null;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(array);
            throw;
        }
    }

    public void Dispose()
    {
        if (_array is { } array)
        {
            _array = null;
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
