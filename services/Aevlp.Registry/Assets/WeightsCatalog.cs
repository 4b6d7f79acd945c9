using System.Text.Json;
using Aevlp.Configuration;
using Aevlp.Registry.Api;
using Aevlp.Storage;

namespace Aevlp.Registry.Assets;

/// <summary>The pretrained weights in blob storage, <c>weights/{name}/</c>. Weights exist when their weights.json does: an
/// import stores it last.</summary>
public sealed class WeightsCatalog(BlobStore store)
{
    /// <summary>Every set of weights, newest import first.</summary>
    public async Task<IReadOnlyList<WeightsSummary>> ListAsync(CancellationToken ct)
    {
        var weights = new List<WeightsSummary>();
        foreach (var name in await store.FoldersAsync(BlobLayout.Weights, "", ct))
        {
            if (await FindAsync(name, ct) is { } found) weights.Add(found);
        }
        return [.. weights.OrderByDescending(w => w.ImportedAt).ThenBy(w => w.Name, StringComparer.Ordinal)];
    }

    public async Task<WeightsSummary?> FindAsync(string name, CancellationToken ct) =>
        await store.TryDownloadAsync(BlobLayout.PretrainedWeights(name, BlobLayout.WeightsDescriptor), ct) is { } json
            ? json.ToObjectFromJson<WeightsSummary>(JsonSerializerOptions.Web)
            : null;

    /// <summary>What a run with <c>use_pretrained</c> and no <c>pretrained_weights</c> starts from: the newest import for its arch.</summary>
    public async Task<WeightsSummary?> NewestForAsync(Architecture arch, CancellationToken ct) =>
        (await ListAsync(ct)).FirstOrDefault(weights => weights.Arch == ConfigNames.Architectures.Of(arch));
}
