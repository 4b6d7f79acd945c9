using Aevlp.ML.Teachers;

namespace Aevlp.Benchmarks;

/// <summary>
/// The teacher's cost per train image for one grid size: the real <see cref="TeacherScorer"/> with the demo teacher
/// (decode, 1 + G² views × 2 flip variants, resize to 224, encoder, cosine) on a few mosaics. One timed pass after a
/// short warm-up: a pass is already hundreds of encoder calls at batch 1, and repeating it would cost minutes per G.
/// </summary>
public static class TeacherGridCost
{
    public const int Images = 40, Variants = 2;
    private const int WarmupImages = 4;

    /// <returns>Seconds for <see cref="Images"/> images.</returns>
    public static async Task<TimingResult> MeasureAsync(Teacher teacher, IReadOnlyList<string> imagePaths, int grid,
        CancellationToken cancellationToken)
    {
        var scoring = new TeacherScoringOptions(grid, Variants);
        var scorer = new TeacherScorer(teacher);
        await scorer.ScoreAsync([.. imagePaths.Take(WarmupImages)], scoring, cancellationToken: cancellationToken);
        return Measure.Median(() => scorer.ScoreAsync(imagePaths, scoring, cancellationToken: cancellationToken).GetAwaiter().GetResult(),
            runs: 1, warmups: 0);
    }
}
