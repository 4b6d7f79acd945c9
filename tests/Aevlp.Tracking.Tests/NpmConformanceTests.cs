using System.Diagnostics;

namespace Aevlp.Tracking.Tests;

/// <summary>The tracker spoken to by an MLflow client someone else wrote: npm `mlflow` 2.0.7, driven by
/// conformance/conformance.js (node_modules installed by infra/setup.sh).</summary>
[Collection(TrackingCollection.Name)]
public sealed class NpmConformanceTests(TrackingFixture tracker)
{
    [Fact]
    public async Task The_npm_mlflow_client_runs_its_whole_session_against_the_tracker()
    {
        var folder = Path.Combine(Projects.AEVLP_AppHost.ProjectPath, "..", "tests", "Aevlp.Tracking.Tests", "conformance");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "mlflow")),
            $"npm mlflow is not installed in {folder}: run ./infra/setup.sh");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("conformance.js");
        start.ArgumentList.Add(tracker.BaseUri.ToString());
        start.Environment["MLFLOW_TRACKING_TOKEN"] = tracker.ApiKey;

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(node.ExitCode == 0, $"conformance.js exited {node.ExitCode}\n{await stdout}\n{await stderr}");
        Assert.Contains("all checks passed", await stdout);
    }
}
