using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace InferenceService.Tests.Support;

/// <summary>The built service as a real process (<c>dotnet InferenceService.dll …</c>), the way the container runs it.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServiceProcess(Process process)
    {
        _process = process;
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
            var testProject = Path.Combine(SharedAssets.RepoRoot, "tests", "InferenceService.Tests");
            var relative = Path.GetRelativePath(testProject, AppContext.BaseDirectory);
            var path = Path.Combine(SharedAssets.RepoRoot, "src", "InferenceService", relative, "InferenceService.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The service is not built at {path}.");
        }
    }

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

    public static ServiceProcess Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
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

        return new ServiceProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start."));
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
