using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace InferenceService.Inference;

/// <summary>
/// Reads the small text files of a model folder (labels, <c>inference.json</c>). The folder comes from whoever
/// built the model archive, so a file may be huge, a FIFO that never ends, or a device: each is refused with a
/// reason instead of filling the memory or blocking the load.
/// </summary>
public static partial class ModelFolderFile
{
    /// <summary>
    /// The largest label or manifest file read. The biggest real ones are a few hundred KB (ImageNet-21k's 21,843
    /// class names); 4 MiB leaves room without letting a file exhaust the memory.
    /// </summary>
    public const int MaxTextBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The file's text, decoded with <paramref name="encoding"/> (a byte order mark wins). <paramref name="what"/>
    /// names it in the errors ("The labels file labels.txt"). I/O errors are left to the caller to word.
    /// </summary>
    public static string ReadText(string path, string what, Encoding encoding)
    {
        using var stream = OpenRegular(path, what);
        if (stream.Length > MaxTextBytes)
        {
            throw TooLarge(what);
        }

        // Read at most one byte past the limit: the length can lie (a file that grows, /proc-style files).
        var buffer = new byte[Math.Min(stream.Length, MaxTextBytes) + 1];
        var filled = 0;
        int read;
        while ((read = stream.Read(buffer, filled, buffer.Length - filled)) > 0)
        {
            filled += read;
            if (filled == buffer.Length)
            {
                if (filled > MaxTextBytes)
                {
                    throw TooLarge(what);
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxTextBytes + 1));
            }
        }

        using var reader = new StreamReader(new MemoryStream(buffer, 0, filled), encoding, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static ModelLoadException TooLarge(string what) => new(
        $"{what} is larger than the {MaxTextBytes} bytes ({MaxTextBytes / 1024 / 1024} MiB) allowed for label and manifest files.");

    /// <summary>
    /// Opens without blocking on a FIFO (O_NONBLOCK: a plain open waits for a writer forever) and refuses anything
    /// that cannot seek, which a regular file always can.
    /// </summary>
    private static FileStream OpenRegular(string path, string what)
    {
        if (!OperatingSystem.IsLinux())
        {
            return File.OpenRead(path);
        }

        var fd = Open(path, ReadOnly | NonBlocking | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException(Marshal.GetLastPInvokeErrorMessage());
        }

        var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0);
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw new ModelLoadException($"{what} is not a regular file (a FIFO, socket or device): it must be a plain file in the model folder.");
        }

        return stream;
    }

    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
