namespace Aevlp.ML.Losses;

/// <summary>
/// Parameters for <see cref="LossSelector"/>. Per-epoch values (<see cref="CleanRate"/>, <see cref="GprWeights"/>)
/// come from <see cref="LargeLossModification.CleanRate"/> and <see cref="GprSchedule.At"/>.
/// </summary>
/// <param name="ExpectedPositives">k (config <c>expected_num_pos</c>), the average number of positives per image.</param>
/// <param name="LabelSmoothing">Label-smoothing coefficient c of <c>an_ls</c> (config <c>ls_coef</c>).</param>
public sealed record LossOptions(double ExpectedPositives, double LabelSmoothing)
{
    /// <summary>Share of unknown entries kept unchanged by <c>ll_r</c>/<c>ll_ct</c>; 1 in the first epoch.</summary>
    public double CleanRate { get; init; } = 1.0;

    /// <summary>This epoch's K and V parameters; required by <c>gpr</c>.</summary>
    public GprWeights? GprWeights { get; init; }

    /// <summary>GPR hyper-parameters; required by <c>gpr</c>.</summary>
    public GprSettings? Gpr { get; init; }
}
