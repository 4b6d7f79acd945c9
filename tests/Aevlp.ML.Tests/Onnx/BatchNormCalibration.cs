using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Onnx;

/// <summary>
/// Gives a freshly initialised network realistic batch-norm statistics (those of one batch), so eval-mode
/// activations stay in a normal range and a parity tolerance means something.
/// </summary>
internal static class BatchNormCalibration
{
    public static void Calibrate(nn.Module<Tensor, Tensor> model, Tensor images)
    {
        var norms = model.modules().OfType<BatchNorm2d>().ToList();
        foreach (var norm in norms)
        {
            norm.reset_running_stats();
            norm.momentum = null;
        }
        using (no_grad())
        {
            model.train();
            model.call(images).Dispose();
        }
        foreach (var norm in norms) norm.momentum = 0.1;
        model.eval();
    }
}
