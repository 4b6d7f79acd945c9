using Aevlp.Tracking.Client.Protocol;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Aevlp.Tracking.Storage;

/// <summary>Runs as <see cref="RunDataLoader"/> assembled them, under (run, <see cref="RunRow.DataVersion"/>). PostgreSQL changes
/// a run's version with every write to it (migration 005), so an entry is current exactly when the row just read names its
/// version; it is never invalidated, only evicted (by size, or when unread for <see cref="Unread"/>). A 1,000-run page is
/// 70,000 rows to read and assemble, most of a search's time, and a finished run's answer never changes.</summary>
public sealed class RunCache(IOptions<TrackingOptions> options) : IDisposable
{
    /// <summary>Entries of a run still being logged to are superseded by the next version: let them go soon.</summary>
    private static readonly TimeSpan Unread = TimeSpan.FromMinutes(10);

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.RunCacheValues) });
    private readonly bool enabled = options.Value.RunCacheValues > 0;

    public bool TryGet(RunRow row, out Run run) =>
        cache.TryGetValue(Key(row), out run!);

    public void Add(RunRow row, Run run)
    {
        if (!enabled) return;
        // Sized by the values it holds, which is what its memory grows with.
        var size = 1 + run.Data.Params.Count + run.Data.Tags.Count + run.Data.Metrics.Count +
            (run.Inputs?.DatasetInputs.Count ?? 0) + (run.Outputs?.ModelOutputs.Count ?? 0);
        cache.Set(Key(row), run, new MemoryCacheEntryOptions { Size = size, SlidingExpiration = Unread });
    }

    public void Dispose() => cache.Dispose();

    private static (string, long) Key(RunRow row) => (row.RunUuid, row.DataVersion);
}
