using System.Diagnostics;

namespace Aevlp.AppHost.Tests;

/// <summary>Runs the built AppHost as a user would (`dotnet AEVLP.AppHost.dll ...`), for the checks
/// that happen before Aspire starts anything.</summary>
public static class AppHostProcess
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Outcome> RunAsync(TimeSpan timeout, params string[] args)
    {
        var appHostDll = typeof(Aevlp.AppHost.Infrastructure.InfrastructureOptions).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Projects.AEVLP_AppHost.ProjectPath,
        };
        start.ArgumentList.Add(AppHostOutput(appHostDll));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The AppHost did not exit within {timeout}; it should stop at once.");
        }
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    // The AppHost's own build output carries its runtimeconfig; the copy beside the tests does not.
    private static string AppHostOutput(string copyBesideTests)
    {
        var configurationDir = new DirectoryInfo(Path.GetDirectoryName(copyBesideTests)!).Parent!.Name;
        return Path.Combine(Projects.AEVLP_AppHost.ProjectPath, "bin", configurationDir, "net10.0", "AEVLP.AppHost.dll");
    }
}
