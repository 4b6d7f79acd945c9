using System.Diagnostics;

namespace Aevlp.ML.Tests.Models;

/// <summary>A test that needs /usr/bin/python3 with torch and torchvision (Debian python3-torch); skipped without them.</summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> Available = new(Probe);

    public PythonTorchFactAttribute()
    {
        if (!Available.Value) Skip = $"{Python} with torch and torchvision is not installed";
    }

    private static bool Probe()
    {
        if (!File.Exists(Python)) return false;
        using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import torch, torchvision"]) { RedirectStandardError = true });
        process!.WaitForExit();
        return process.ExitCode == 0;
    }
}
