using Aevlp.ML.Data;
using Aevlp.ML.Images;
using Aevlp.ML.Models;
using static TorchSharp.torch;

namespace Aevlp.ML.Training;

/// <summary>Class probabilities of a model over a whole split, for val/test metrics.</summary>
public static class ModelScoring
{
    /// <summary>[N, C] sigmoid scores in split order; the model is switched to eval mode.</summary>
    /// <param name="loader">Should neither flip nor shuffle (val/test preprocessing, spec §2).</param>
    /// <param name="threads">LibTorch intra-op threads (<see cref="TorchRuntime.UseThreads"/>); 0 keeps the default.</param>
    public static async Task<RowMajorMatrix<double>> ScoreAsync(MultiLabelClassifier model, SpmlSplit split,
        ImageLoaderOptions loader, Device device, int threads = 0, CancellationToken cancellationToken = default)
    {
        model.eval();
        int classes = model.Classes;
        var scores = new double[split.Count * classes];
        var paths = Enumerable.Range(0, split.Count).Select(split.FullImagePath).ToArray();
        await foreach (var batch in new ImageBatchLoader(loader).ReadEpochAsync(paths, 0, cancellationToken))
        {
            using (batch)
            {
                TorchRuntime.UseThreads(threads);
                var probabilities = Probabilities(model, batch.Images, device);
                for (int i = 0; i < batch.Count; i++)
                    probabilities.AsSpan(i * classes, classes).CopyTo(scores.AsSpan(batch.Indices[i] * classes, classes));
            }
        }
        return new RowMajorMatrix<double>(scores, split.Count, classes);
    }

    private static double[] Probabilities(MultiLabelClassifier model, Tensor images, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return model.call(images.to(device)).sigmoid().to(float64).cpu().data<double>().ToArray();
    }
}
