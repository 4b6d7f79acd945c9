using System.Diagnostics;
using Xunit;

namespace Aevlp.Testing.Python;

/// <summary>A test that needs /usr/bin/python3 with torch, torchvision and onnx (Debian python3-torch, -torchvision, -onnx; infra/setup.sh installs them); skipped without them.</summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> Available = new(Probe);

    public PythonTorchFactAttribute()
    {
        if (!Available.Value) Skip = $"{Python} with torch, torchvision and onnx is not installed (run infra/setup.sh)";
    }

    private static bool Probe()
    {
        if (!File.Exists(Python)) return false;
        using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import torch, torchvision, onnx"]) { RedirectStandardError = true });
        process!.WaitForExit();
        return process.ExitCode == 0;
    }
}
