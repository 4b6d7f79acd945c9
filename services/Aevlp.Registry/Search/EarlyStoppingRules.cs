using Aevlp.Configuration.Search;

namespace Aevlp.Registry.Search;

/// <summary>A trial's search metric per epoch (1-based), as its EpochEnded reports gave it, and the order each epoch
/// was recorded in (the registry's event sequence).</summary>
public sealed record TrialHistory(Guid RunId, IReadOnlyDictionary<int, double> MetricByEpoch, IReadOnlyDictionary<int, long>? RecordedAs = null)
{
    /// <summary>The epochs recorded before <paramref name="sequence"/>: what the search knew when that report came in.</summary>
    public TrialHistory Before(long sequence) => this with
    {
        MetricByEpoch = MetricByEpoch.Where(entry => RecordedAs?.GetValueOrDefault(entry.Key) < sequence).ToDictionary(),
    };
}

/// <summary>Whether a search stops a trial after an epoch. Both rules only ever stop a trial before its last epoch, and
/// only from what the trials have reported so far, so they decide as reports arrive (asynchronously), never waiting for a
/// rung to fill.</summary>
public static class EarlyStoppingRules
{
    /// <summary>The median rule needs this many other trials at the epoch before it compares (Vizier's rule with Ray Tune's
    /// default of three, less one: our searches are small).</summary>
    public const int MedianMinOtherTrials = 2;

    public static PruneDecision? Decide(SearchSpec search, TrialHistory trial, int epoch, int epochs, IReadOnlyList<TrialHistory> others) =>
        epoch >= epochs || epoch < search.EarlyStopping.GracePeriod ? null : search.EarlyStopping.Rule switch
        {
            EarlyStoppingRule.Asha => Asha(search, trial, epoch, others),
            EarlyStoppingRule.Median => Median(search, trial, epoch, others),
            _ => null,
        };

    /// <summary>Asynchronous successive halving (Li et al., 2020) with one bracket: rung k is epoch gracePeriod·η^k. A
    /// trial reaching a rung continues only if its metric there is among the best ⌊n/η⌋ (at least one) of the n trials
    /// that have reached that rung so far, itself included.</summary>
    public static PruneDecision? Asha(SearchSpec search, TrialHistory trial, int epoch, IReadOnlyList<TrialHistory> others)
    {
        if (RungOf(epoch, search.EarlyStopping) is not { } rung) return null;
        var value = trial.MetricByEpoch[epoch];
        var atRung = others.Where(other => other.RunId != trial.RunId && other.MetricByEpoch.ContainsKey(epoch))
            .Select(other => other.MetricByEpoch[epoch]).Append(value).ToList();
        var ordered = search.Mode == SearchMode.Max ? atRung.OrderDescending().ToList() : atRung.Order().ToList();
        var keep = Math.Max(1, atRung.Count / search.EarlyStopping.ReductionFactor);
        var cutoff = ordered[keep - 1];
        if (!search.IsBetter(cutoff, value)) return null;
        return new PruneDecision(rung, epoch, value, cutoff, atRung.Count,
            $"rung {rung} (epoch {epoch}): {SearchNames.Of(search.Metric)} {value:G4} is not in the top {keep} of the {atRung.Count} trials at this rung (cutoff {cutoff:G4})");
    }

    /// <summary>The median stopping rule (Golovin et al., 2017): stop a trial whose best metric so far is worse than the
    /// median of the other trials' running means up to the same epoch.</summary>
    public static PruneDecision? Median(SearchSpec search, TrialHistory trial, int epoch, IReadOnlyList<TrialHistory> others)
    {
        var means = others.Where(other => other.RunId != trial.RunId && other.MetricByEpoch.ContainsKey(epoch))
            .Select(other => other.MetricByEpoch.Where(entry => entry.Key <= epoch).Average(entry => entry.Value))
            .Order().ToList();
        if (means.Count < MedianMinOtherTrials) return null;
        var median = means.Count % 2 == 1 ? means[means.Count / 2] : (means[means.Count / 2 - 1] + means[means.Count / 2]) / 2;
        var sofar = trial.MetricByEpoch.Where(entry => entry.Key <= epoch).Select(entry => entry.Value);
        var best = search.Mode.Best(sofar);
        if (!search.IsBetter(median, best)) return null;
        return new PruneDecision(Rung: null, epoch, best, median, means.Count + 1,
            $"epoch {epoch}: best {SearchNames.Of(search.Metric)} so far {best:G4} is worse than the median {median:G4} of the running means of {means.Count} other trials");
    }

    /// <summary>k when <paramref name="epoch"/> is gracePeriod·η^k, else null.</summary>
    public static int? RungOf(int epoch, EarlyStopping stopping)
    {
        long milestone = stopping.GracePeriod;
        for (var rung = 0; milestone <= epoch; rung++, milestone *= stopping.ReductionFactor)
        {
            if (milestone == epoch) return rung;
        }
        return null;
    }
}
