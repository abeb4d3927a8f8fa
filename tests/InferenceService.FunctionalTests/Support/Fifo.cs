using System.Diagnostics;

namespace InferenceService.FunctionalTests.Support;

/// <summary>Named pipes: a file whose open and read block until a writer comes, as a hung network mount behaves.</summary>
public static class Fifo
{
    public static void Create(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>
    /// Opens the FIFO for writing and closes it: a reader blocked in open() or read() sees end-of-file, so the
    /// loader thread the service abandoned ends instead of staying blocked in the test process.
    /// </summary>
    public static async Task ReleaseReaderAsync(string path)
    {
        var writer = Task.Run(() => new FileStream(path, FileMode.Open, FileAccess.Write).Dispose());
        await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(5)));
    }
}
