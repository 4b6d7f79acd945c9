using System.Diagnostics;

namespace Aevlp.AppHost.Infrastructure;

/// <summary>Finds out whether a container runtime answers, which is what "auto" mode decides on.</summary>
public static class ContainerRuntime
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>True when <c>docker info</c> (or <c>podman info</c>) reaches a running engine in time. A Docker
    /// client without an engine answers false at once.</summary>
    public static bool IsHealthy() => Answers("docker") || Answers("podman");

    private static bool Answers(string client)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(client, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null) return false;
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // the client is not installed
        }
    }

    public static InfrastructureMode Resolve(InfrastructureMode requested) => requested switch
    {
        InfrastructureMode.Auto => IsHealthy() ? InfrastructureMode.Container : InfrastructureMode.Local,
        _ => requested,
    };
}
