using Aevlp.AppHost.Infrastructure;

namespace Aevlp.AppHost.Tests;

/// <summary>A picked port stays reserved until the process ends, and never comes from the range outgoing connections use.</summary>
public sealed class FreePortTests
{
    [Fact]
    public void Picked_ports_are_distinct_reserved_and_below_the_ephemeral_range()
    {
        var ports = Enumerable.Range(0, 200).Select(_ => FreePort.OnLoopback()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0]);
        Assert.All(ports, port => Assert.InRange(port, 10_000, ephemeralStart - 1));
        // What a second AppHost would try: the lock is held, so it moves on to another port.
        Assert.All(ports, port => Assert.Throws<IOException>(() =>
            new FileStream(FreePort.LockFile(port), FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose()));
    }
}
