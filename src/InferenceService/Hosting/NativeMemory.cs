using System.Runtime.InteropServices;

namespace InferenceService.Hosting;

/// <summary>
/// glibc's allocator, tuned for a server that frees large pixel and tensor buffers on many threads: by default
/// RSS creeps up under load (docs/performance.md, Soak). Where the C library is not glibc (musl) both calls do nothing.
/// </summary>
public static partial class NativeMemory
{
    private const int MArenaMax = -8;

    /// <summary>
    /// glibc gives every thread that mallocs its own arena (up to 8 per core). Skia decodes and ONNX Runtime runs on
    /// many pool threads, so freed memory stays fragmented across arenas. Two arenas keep it flat at no measurable
    /// cost (docs/performance.md). Weaker than MALLOC_ARENA_MAX=2, which the images set: the arenas the runtime's
    /// threads made before this call stay in use (6 heaps against 3 with the variable, measured).
    /// </summary>
    public static void LimitMallocArenas(int arenas = 2)
    {
        if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null)
        {
            _ = TryGlibc(() => Mallopt(MArenaMax, arenas));
        }
    }

    /// <summary>
    /// Hands the free pages inside glibc's heaps back to the OS: glibc itself returns only the top of a heap, so the
    /// pages freed decoded images and tensors leave in the middle stay counted in RSS. False where there is no glibc.
    /// </summary>
    public static bool Trim() => TryGlibc(static () => MallocTrim(0));

    private static bool TryGlibc(Func<int> call)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            _ = call();
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
