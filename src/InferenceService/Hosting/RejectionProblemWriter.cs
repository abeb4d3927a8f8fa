using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using InferenceService.Observability;
using InferenceService.Problems;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;

namespace InferenceService.Hosting;

/// <summary>
/// Kestrel answers a request it cannot parse (malformed: 400, header timeout: 408, request line: 414, headers: 431)
/// itself, with an empty body, before the application sees it, and offers no hook to change that. This writer sits
/// between Kestrel and the socket: while no request is inside the application it holds back what Kestrel writes,
/// and when that is one of those bodiless rejections it sends a problem in this service's vocabulary instead.
/// While a request is inside the application every byte passes straight through.
/// </summary>
public sealed class RejectionProblemWriter(PipeWriter inner) : PipeWriter
{
    private static readonly byte[] Signature = "\r\nContent-Length: 0\r\n"u8.ToArray();
    private readonly ArrayBufferWriter<byte> _held = new(256);
    private volatile bool _inApplication;
    private bool _holding;

    /// <summary>Marks the request inside the application until its response is complete.</summary>
    public static void Track(HttpContext context)
    {
        if (context.Features.Get<RejectionProblemWriter>() is { } writer)
        {
            writer._inApplication = true;
            context.Response.OnCompleted(static state =>
            {
                ((RejectionProblemWriter)state)._inApplication = false;
                return Task.CompletedTask;
            }, writer);
        }
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        _holding = !_inApplication;
        return _holding ? _held.GetMemory(sizeHint) : inner.GetMemory(sizeHint);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        _holding = !_inApplication;
        return _holding ? _held.GetSpan(sizeHint) : inner.GetSpan(sizeHint);
    }

    public override void Advance(int bytes)
    {
        if (_holding)
        {
            _held.Advance(bytes);
        }
        else
        {
            inner.Advance(bytes);
        }
    }

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes + _held.WrittenCount;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Release();
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        Release();
        inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        Release();
        return inner.CompleteAsync(exception);
    }

    private void Release()
    {
        if (_held.WrittenCount == 0)
        {
            return;
        }

        var held = _held.WrittenSpan;
        if (RejectedStatus(held) is { } status)
        {
            WriteProblem(inner, status);
        }
        else
        {
            inner.Write(held);
        }

        _held.ResetWrittenCount();
    }

    /// <summary>The status of a Kestrel rejection (a bare "HTTP/1.1 4xx …" head with Content-Length: 0), else null.</summary>
    private static int? RejectedStatus(ReadOnlySpan<byte> response)
    {
        var headEnd = response.IndexOf("\r\n\r\n"u8);
        if (!response.StartsWith("HTTP/1.1 4"u8) || headEnd < 0 || headEnd + 4 != response.Length ||
            response[..(headEnd + 2)].IndexOf(Signature) < 0 ||
            int.TryParse(response.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) is false)
        {
            return null;
        }

        return status;
    }

    private static void WriteProblem(PipeWriter output, int status)
    {
        var (slug, title) = FrameworkProblems.Describe(status);
        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("type", ProblemTypes.Prefix + slug);
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            json.WriteEndObject();
        }

        var head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\n" +
            $"Content-Type: application/problem+json\r\nContent-Length: {body.WrittenCount}\r\nConnection: close\r\n" +
            $"Date: {DateTime.UtcNow:R}\r\n{RequestId.Header}: {Guid.NewGuid():N}\r\n\r\n");
        output.Write(Encoding.ASCII.GetBytes(head));
        output.Write(body.WrittenSpan);
    }

    /// <summary>Puts the writer between Kestrel and the socket of every connection this endpoint accepts.</summary>
    public static void Apply(ListenOptions listen) => listen.Use(next => connection =>
    {
        var writer = new RejectionProblemWriter(connection.Transport.Output);
        connection.Features.Set(writer);
        connection.Transport = new DuplexPipe(connection.Transport.Input, writer);
        return next(connection);
    });

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
