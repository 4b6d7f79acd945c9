using System.Numerics.Tensors;

namespace Aevlp.ML.PseudoLabels;

/// <summary>
/// One image's aggregated teacher scores, in buffers reused across images by one thread:
/// <see cref="Final"/> decides the positives, <see cref="Mixed"/> the negatives (spec §4).
/// </summary>
internal sealed class AggregatedScores(int views, int classes)
{
    private readonly float[] softmax = new float[views * classes];
    private readonly float[] tileMax = new float[classes];
    private readonly float[] tileMin = new float[classes];
    private readonly float[] tileMean = new float[classes];

    public float[] Final { get; } = new float[classes];
    public float[] Mixed { get; } = new float[classes];

    /// <summary>DAMP: final = ½(g + γ·α + (1−γ)·β), mixed = ½(g + ā), γ_c = [α_c &gt; min(g[c*], eta)].</summary>
    public void Damp(ReadOnlySpan<float> imageLogits, int observedClass, PseudoLabelSettings settings)
    {
        SoftmaxPerView(imageLogits, settings.Temperature);
        var global = View(0);
        SummariseTiles();
        float eta = (float)Math.Min(global[observedClass], settings.Eta);
        for (int c = 0; c < classes; c++)
        {
            float tile = tileMax[c] > eta ? tileMax[c] : tileMin[c];
            Final[c] = 0.5f * (global[c] + tile);
            Mixed[c] = 0.5f * (global[c] + tileMean[c]);
        }
    }

    /// <summary>Global view only: final = mixed = softmax(view 0 / temp).</summary>
    public void GlobalViewOnly(ReadOnlySpan<float> imageLogits, PseudoLabelSettings settings)
    {
        Softmax(imageLogits[..classes], settings.Temperature, Final);
        Final.CopyTo(Mixed.AsSpan());
    }

    private Span<float> View(int view) => softmax.AsSpan(view * classes, classes);

    private void SoftmaxPerView(ReadOnlySpan<float> imageLogits, double temperature)
    {
        for (int view = 0; view < views; view++)
        {
            Softmax(imageLogits.Slice(view * classes, classes), temperature, View(view));
        }
    }

    /// <summary>α, β, ā: per-class max, min and mean over the tiles (views 1..).</summary>
    private void SummariseTiles()
    {
        View(1).CopyTo(tileMax);
        View(1).CopyTo(tileMin);
        View(1).CopyTo(tileMean);
        for (int view = 2; view < views; view++)
        {
            TensorPrimitives.Max(tileMax, View(view), tileMax);
            TensorPrimitives.Min(tileMin, View(view), tileMin);
            TensorPrimitives.Add(tileMean, View(view), tileMean);
        }
        TensorPrimitives.Divide(tileMean, views - 1, tileMean);
    }

    private static void Softmax(ReadOnlySpan<float> logits, double temperature, Span<float> destination)
    {
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, destination);
        TensorPrimitives.Divide(destination, (float)temperature, destination);
        TensorPrimitives.Exp(destination, destination);
        TensorPrimitives.Divide(destination, TensorPrimitives.Sum(destination), destination);
    }
}
