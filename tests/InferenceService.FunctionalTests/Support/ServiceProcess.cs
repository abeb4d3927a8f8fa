using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Globalization;

namespace InferenceService.FunctionalTests.Support;

/// <summary>The built service as a real process (<c>dotnet InferenceService.dll …</c>), the way the container runs it.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServiceProcess(Process process, int port = 0)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// The host's build output for this test run's configuration: src/InferenceService/bin/… mirrors the test
    /// assembly's own bin/… (the project reference builds it with the same configuration and runtime).
    /// </summary>
    public static string DllPath
    {
        get
        {
            var testProject = Path.Combine(SharedAssets.RepoRoot, "tests", "InferenceService.FunctionalTests");
            var relative = Path.GetRelativePath(testProject, AppContext.BaseDirectory);
            var path = Path.Combine(SharedAssets.RepoRoot, "src", "InferenceService", relative, "InferenceService.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The service is not built at {path}.");
        }
    }

    /// <summary>The port it serves on, when started with <see cref="StartServing"/>.</summary>
    public int Port { get; }

    public Process Process => _process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static ServiceProcess Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment) =>
        Launch(args, environment, port: 0);

    private static ServiceProcess Launch(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, int port)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new ServiceProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start."), port);
    }

    /// <summary>Starts <c>serve</c> on a free port with one intra-op thread, plus <paramref name="environment"/>.</summary>
    public static ServiceProcess StartServing(string modelDir, params (string Name, string Value)[] environment) =>
        StartServing(modelDir, [], environment);

    /// <summary>As <see cref="StartServing(string, (string, string)[])"/>, with more command-line <paramref name="options"/> (<c>--Key=value</c>).</summary>
    public static ServiceProcess StartServing(string modelDir, IReadOnlyList<string> options, params (string Name, string Value)[] environment)
    {
        var port = FreePort();
        var settings = new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["INTRA_OP_THREADS"] = "1",
        };
        foreach (var (name, value) in environment)
        {
            settings[name] = value;
        }

        return Launch(["serve", "--model-dir", modelDir, .. options], settings, port);
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

    public void Signal(string signal) => Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>
    /// Waits until the output contains <paramref name="text"/>: the request log line is written after the response
    /// has gone out, so a client can read its answer before the line exists.
    /// </summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit(); // drains the redirected output
        return true;
    }

    public int ExitCode => _process.ExitCode;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
