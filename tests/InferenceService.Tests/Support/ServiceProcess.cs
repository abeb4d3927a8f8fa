using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InferenceService.Tests.Support;

/// <summary>The built InferenceService.dll run as a real process on a free port (real Kestrel, real signals).</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Process Process => _process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ServiceProcess Start(string modelDir, params (string Name, string Value)[] environment)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "InferenceService.dll"), "serve", "--model-dir", modelDir },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["PORT"] = port.ToString();
        start.Environment["INTRA_OP_THREADS"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new ServiceProcess(Process.Start(start)!, port);
    }

    public HttpClient CreateClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Polls /ping until it answers 200.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            Assert.False(_process.HasExited, "the service exited: " + Output);
            try
            {
                if ((await client.GetAsync("/ping")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The service did not become ready: " + Output);
    }

    public void Signal(string signal) => Process.Start("kill", ["-" + signal, _process.Id.ToString()])!.WaitForExit();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
