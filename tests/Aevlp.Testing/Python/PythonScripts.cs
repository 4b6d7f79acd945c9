using System.Diagnostics;
using Xunit;

namespace Aevlp.Testing.Python;

/// <summary>Runs a script in <see cref="PythonTorchFactAttribute.Python"/>, failing the test with its stderr when it fails. The
/// files here are compiled into Aevlp.Testing and, linked, into Aevlp.ML.Tests (which does not start the platform).</summary>
public static class PythonScripts
{
    /// <summary>A torchvision backbone's state dict written by <c>torch.save</c>, random weights (no download), as a user's
    /// ImageNet file would be written: <paramref name="arch"/> is torchvision's name (resnet18, resnet50).</summary>
    public static string WriteTorchvisionWeights(string arch, string path, int seed = 0)
    {
        Run($$"""
            import torch, torchvision
            torch.manual_seed({{seed}})
            torch.save(torchvision.models.{{arch}}(weights=None).state_dict(), "{{path}}")
            """);
        return path;
    }

    public static void Run(string script)
    {
        using var process = Process.Start(new ProcessStartInfo(PythonTorchFactAttribute.Python, ["-c", script]) { RedirectStandardError = true })!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
    }
}
