namespace Aevlp.Benchmarks;

/// <summary>
/// This process's resident memory from /proc/self/status (Linux): VmHWM is the kernel's own peak, so it catches
/// LibTorch's and ONNX Runtime's native allocations that no managed counter sees.
/// </summary>
public static class ProcessMemory
{
    public static long PeakResidentBytes() => StatusBytes("VmHWM:");

    public static long ResidentBytes() => StatusBytes("VmRSS:");

    /// <returns>Bytes, or −1 where /proc/self/status is missing (not Linux).</returns>
    private static long StatusBytes(string field)
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status)) return -1;
        var line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        // "VmHWM:     123456 kB"
        return line is null ? -1 : long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
    }
}
