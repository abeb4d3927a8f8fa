using System.Globalization;
using Microsoft.Extensions.Options;

namespace InferenceService.Model;

/// <summary>
/// How much memory loaded models may hold, and what the process holds now. The limit is the container's cgroup
/// limit when it has one (a container sees the host's physical memory otherwise, and is killed long before that).
/// </summary>
public sealed class MemoryBudget(IOptions<MultiModelOptions> options)
{
    private const long Megabyte = 1024 * 1024;

    public long BudgetBytes { get; } = options.Value.MemoryBudgetMB is { } mb
        ? mb * Megabyte
        : (long)(LimitBytes() * MultiModelOptions.DefaultBudgetShare);

    /// <summary>Resident set size from /proc/self/statm; the working set where there is no /proc.</summary>
    public static long ResidentBytes()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return Environment.WorkingSet;
        }
    }

    private static long LimitBytes() =>
        CgroupLimit("/sys/fs/cgroup/memory.max") ?? CgroupLimit("/sys/fs/cgroup/memory/memory.limit_in_bytes")
        ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>cgroup v2 writes "max" and v1 a huge number when there is no limit; either counts as none.</summary>
    private static long? CgroupLimit(string file)
    {
        try
        {
            return long.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
                   && limit > 0 && limit < long.MaxValue / 2
                ? limit
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
