using System.Text.Json.Nodes;
using Aevlp.Configuration;
using Aevlp.Configuration.Search;
using Aevlp.Contracts;
using Aevlp.Registry.Assets;
using Aevlp.Registry.Configuration;
using Aevlp.Registry.Datasets;
using Microsoft.Extensions.Options;

namespace Aevlp.Registry.Pipeline;

/// <summary>Checks a TrainRequested against the datasets in blob storage, the config rules and the assets the config names,
/// and lists every problem, so a user fixes them all in one go.</summary>
public sealed class RunRequestValidator(DatasetCatalog catalog, RunAssetCheck assets, IOptions<RegistryOptions> options)
{
    private readonly ConfigDirectory configs = new(options.Value.ConfigDirectory);

    public async Task<RunValidation> ValidateAsync(TrainRequested request, CancellationToken ct)
    {
        var problems = new List<ConfigProblem>();
        var reference = DatasetReference.TryParse(request.Dataset);
        ResolvedDataset? dataset = null;
        if (reference is null)
        {
            problems.Add(new ConfigProblem("dataset", $"got {RunConfigResolver.Describe(request.Dataset)}; expected {DatasetReference.Expected}"));
        }
        else
        {
            (dataset, var missing) = await catalog.ResolveAsync(reference, ct);
            if (missing is not null) problems.Add(missing);
        }
        if (request.Config is null) problems.Add(new ConfigProblem("config", "got null; expected an object of config keys"));

        var facts = new DatasetFacts(reference?.Name ?? "", dataset is not null, dataset?.Classes);
        List<ConfigLayer> layers = [];
        if (reference is not null && configs.Load(reference.Name, problems) is { } file) layers.Add(file);
        layers.Add(ConfigLayer.Request(request.Config ?? []));
        var config = RunConfigResolver.Resolve(facts, layers);
        problems.AddRange(config.Problems);
        var search = ReadSearch(request, problems);
        var points = search is not null ? ResolveSearch(search, facts, layers, problems) : ResolveSweep(request.Sweep, facts, layers, problems);

        // A sweep's parent only groups its children; each child is checked for the assets it will use.
        var validated = await CheckAssetsAsync(config, dataset, checkAssets: points.Count == 0, problems, ct);
        var children = new List<ValidatedConfig>();
        foreach (var point in points) children.Add((await CheckAssetsAsync(point, dataset, checkAssets: true, problems, ct))!);
        return new RunValidation(dataset, validated, children, problems.Distinct().ToList(), search);
    }

    private static SearchSpec? ReadSearch(TrainRequested request, List<ConfigProblem> problems)
    {
        if (request.Search is null) return null;
        if (request.Sweep is not null) problems.Add(new ConfigProblem("search", "a request holds a sweep or a search, not both"));
        return SearchSpecReader.Read(request.Search, problems);
    }

    private static List<ConfigResolution> ResolveSearch(SearchSpec search, DatasetFacts facts, List<ConfigLayer> layers, List<ConfigProblem> problems)
    {
        var trials = SearchTrials.Points(search).Select(point => RunConfigResolver.Resolve(facts, [.. layers, ConfigLayer.SearchTrial(point)])).ToList();
        problems.AddRange(trials.SelectMany(trial => trial.Problems));
        var grace = search.EarlyStopping.GracePeriod;
        var epochs = trials.Select(trial => ConfigRule.AsInteger(trial.Config["num_epochs"])).Distinct().ToList();
        if (search.EarlyStopping.Rule != EarlyStoppingRule.None && epochs.All(count => count <= grace))
        {
            problems.Add(new ConfigProblem("search.earlyStopping.gracePeriod",
                $"got {grace}; expected fewer epochs than num_epochs ({string.Join(", ", epochs)}): a trial is only stopped before its last epoch"));
        }
        return trials;
    }

    private async Task<ValidatedConfig?> CheckAssetsAsync(ConfigResolution resolution, ResolvedDataset? dataset, bool checkAssets,
        List<ConfigProblem> problems, CancellationToken ct)
    {
        if (!resolution.IsValid || dataset is null) return null;
        if (!checkAssets) return new ValidatedConfig(resolution.Config, RunAssets.None, resolution.Notes);
        var checkedAssets = await assets.CheckAsync(resolution, dataset, ct);
        problems.AddRange(checkedAssets.Problems);
        return new ValidatedConfig(checkedAssets.Config, checkedAssets.Assets, [.. resolution.Notes, .. checkedAssets.Notes]);
    }

    private static List<ConfigResolution> ResolveSweep(IReadOnlyDictionary<string, JsonArray>? sweep, DatasetFacts facts,
        List<ConfigLayer> layers, List<ConfigProblem> problems)
    {
        if (sweep is null) return [];
        var shape = SweepGrid.Check(sweep).ToList();
        problems.AddRange(shape);
        if (shape.Count > 0) return [];
        var points = SweepGrid.Points(sweep).Select(point => RunConfigResolver.Resolve(facts, [.. layers, ConfigLayer.SweepPoint(point)])).ToList();
        problems.AddRange(points.SelectMany(point => point.Problems));
        return points;
    }
}
