using System.Diagnostics;

namespace Aevlp.Faults.Tests;

/// <summary>
/// A Linux network namespace joined to this host by a veth pair only: the host's end is <see cref="HostAddress"/>, the
/// namespace's <see cref="Address"/>. A process started in it sees its own loopback, not the host's, so it reaches the
/// platform only as another machine would. Needs root (<c>ip netns</c>); the suite runs as root, as <c>.ci/run</c> does.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private readonly List<Process> processes = [];
    private readonly string hostLink;

    private NetworkNamespace(string name, int subnet)
    {
        Name = name;
        hostLink = $"{name}-h";
        HostAddress = $"10.213.{subnet}.1";
        Address = $"10.213.{subnet}.2";
    }

    /// <summary>The host's end of this test process's namespace, known before the namespace exists (the platform advertises it).</summary>
    public static string HostAddressOfThisProcess => $"10.213.{Subnet}.1";

    private static int Subnet => Environment.ProcessId % 250 + 1;

    public string Name { get; }

    public string HostAddress { get; }

    public string Address { get; }

    public static NetworkNamespace Create()
    {
        if (Environment.UserName != "root")
            throw new InvalidOperationException("the remote-worker test creates a network namespace and a veth pair, which needs root");
        var created = new NetworkNamespace($"aevlp{Subnet}", Subnet);
        try
        {
            created.Join();
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>The namespace, the veth pair with one end in it, both ends addressed and up.</summary>
    private void Join()
    {
        Ip($"netns add {Name}");
        Ip($"link add {hostLink} type veth peer name {Name}-n");
        Ip($"link set {Name}-n netns {Name}");
        Ip($"addr add {HostAddress}/24 dev {hostLink}");
        Ip($"link set {hostLink} up");
        Ip($"netns exec {Name} ip addr add {Address}/24 dev {Name}-n");
        Ip($"netns exec {Name} ip link set {Name}-n up");
        Ip($"netns exec {Name} ip link set lo up");
    }

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> in the namespace with exactly <paramref name="environment"/> (plus PATH and
    /// HOME), its output collected into <paramref name="log"/>.</summary>
    public Process Start(string dll, IReadOnlyDictionary<string, string> environment, List<string> log)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "netns", "exec", Name, "dotnet", dll }) start.ArgumentList.Add(arg);
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT" })
            if (Environment.GetEnvironmentVariable(name) is { } value) start.Environment[name] = value;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
        return process;
    }

    /// <summary>Whether a TCP connection from inside the namespace to <paramref name="host"/>:<paramref name="port"/> opens.</summary>
    public bool CanConnect(string host, int port) =>
        Run("ip", $"netns exec {Name} timeout 3 bash -c \"echo > /dev/tcp/{host}/{port}\"") == 0;

    public void Dispose()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
        Run("ip", $"link del {hostLink}");
        Run("ip", $"netns del {Name}");
    }

    private void Ip(string arguments)
    {
        if (Run("ip", arguments) != 0) throw new InvalidOperationException($"ip {arguments} failed");
    }

    private static int Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
