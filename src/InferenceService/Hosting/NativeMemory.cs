using System.Runtime.InteropServices;

namespace InferenceService.Hosting;

/// <summary>
/// glibc gives every thread that mallocs its own arena (up to 8 per core). Skia decodes and ONNX Runtime runs on
/// many pool threads, so freed pixel and tensor memory stays fragmented across arenas and RSS creeps up under
/// load. Two arenas keep it flat at no measurable cost (README, Performance). Equivalent to MALLOC_ARENA_MAX=2,
/// but applied however the process is started.
/// </summary>
public static partial class NativeMemory
{
    private const int MArenaMax = -8;

    public static void LimitMallocArenas(int arenas = 2)
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            return;
        }

        try
        {
            _ = Mallopt(MArenaMax, arenas);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): its allocator has no per-thread arenas to limit.
        }
    }

    /// <summary>
    /// Hands the free pages inside glibc's heaps back to the OS. Decoded images and tensors are freed, yet their
    /// pages stay counted in RSS until something returns them, and under steady load RSS creeps up by that.
    /// False where the C library has no malloc_trim (musl).
    /// </summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            _ = MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
