using System.Net;
using System.Net.Sockets;

namespace Aevlp.AppHost.Infrastructure;

/// <summary>Infrastructure listens on ports picked at start, so a second platform, a test run or a system
/// service on the default ports never collides with it.</summary>
/// <remarks>A port is picked here and bound later by another process, so two things guard the gap. Ports come from
/// below the kernel's ephemeral range, which outgoing connections draw from. And each picked port is reserved, for
/// the life of this process, by an exclusive lock on <c>{temp}/aevlp-ports-{user}/{port}.lock</c>, so two AppHosts starting
/// at once (parallel test projects) never pick the same port.</remarks>
public static class FreePort
{
    private const int Lowest = 10_000;
    private static readonly string LockFolder = Path.Combine(Path.GetTempPath(), $"aevlp-ports-{Environment.UserName}");
    private static readonly List<FileStream> Reservations = [];

    public static int OnLoopback() => On(IPAddress.Loopback);

    /// <summary>A port free on <paramref name="address"/> (on every address for 0.0.0.0), for a server that will listen there.</summary>
    public static int On(IPAddress address)
    {
        var (low, high) = Range();
        Directory.CreateDirectory(LockFolder);
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var port = Random.Shared.Next(low, high);
            if (Reserve(port) is not { } reservation) continue;
            if (IsFree(address, port))
            {
                lock (Reservations) Reservations.Add(reservation);
                return port;
            }
            reservation.Dispose();
        }
        throw new InvalidOperationException($"No free port on {address} in {low}–{high - 1} after 1,000 tries (locks in {LockFolder}).");
    }

    /// <summary>The file whose lock reserves the port.</summary>
    public static string LockFile(int port) => Path.Combine(LockFolder, $"{port}.lock");

    /// <summary>The lock on the port's file, or null when another process holds it. .NET takes an exclusive flock for
    /// FileShare.None on Unix, and the kernel drops it when the process exits, however it exits.</summary>
    private static FileStream? Reserve(int port)
    {
        try
        {
            return new FileStream(LockFile(port), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>From <see cref="Lowest"/> up to the start of the ephemeral range (Linux: ip_local_port_range; 32768 when unknown).</summary>
    private static (int Low, int High) Range()
    {
        const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";
        var ephemeralStart = File.Exists(EphemeralRange) && int.TryParse(File.ReadAllText(EphemeralRange).Split('\t', ' ')[0], out var start)
            ? start
            : 32_768;
        return ephemeralStart > Lowest + 1_000 ? (Lowest, ephemeralStart) : (Lowest, 32_768);
    }
}
