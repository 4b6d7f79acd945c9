namespace Aevlp.ML.Training;

/// <summary>The best val mAP so far and the early-stopping rule of spec §2.</summary>
/// <param name="Epoch">Epoch of the best mAP; 0 before the first validation.</param>
public sealed record BestSoFar(int Epoch, double Map, int EpochsWithoutImprovement)
{
    public static BestSoFar None { get; } = new(0, double.NegativeInfinity, 0);

    public BestSoFar After(int epoch, double map) =>
        map > Map ? new BestSoFar(epoch, map, 0) : this with { EpochsWithoutImprovement = EpochsWithoutImprovement + 1 };

    /// <summary>No improvement for <paramref name="patience"/> consecutive epochs, or the latest mAP more than
    /// <paramref name="maxDrop"/> points below the best.</summary>
    public bool ShouldStop(double latestMap, int patience, double maxDrop) =>
        EpochsWithoutImprovement >= patience || Map - latestMap > maxDrop;
}
