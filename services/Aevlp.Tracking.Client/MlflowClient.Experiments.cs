using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Client;

public sealed partial class MlflowClient
{
    public async Task<string> CreateExperimentAsync(string name, string? artifactLocation = null,
        IReadOnlyList<ExperimentTag>? tags = null, CancellationToken ct = default) =>
        (await http.SendAsync<CreateExperimentRequest, CreateExperimentResponse>(HttpMethod.Post, "experiments/create",
            new CreateExperimentRequest(name, artifactLocation, tags), ct)).ExperimentId;

    public async Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken ct = default) =>
        (await http.GetAsync<ExperimentResponse>("experiments/get", [("experiment_id", experimentId)], ct)).Experiment;

    /// <summary>The experiment of that name, or null when there is none.</summary>
    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken ct = default)
    {
        try
        {
            return (await http.GetAsync<ExperimentResponse>("experiments/get-by-name", [("experiment_name", name)], ct)).Experiment;
        }
        catch (MlflowException e) when (e.ErrorCode == ErrorCodes.ResourceDoesNotExist)
        {
            return null;
        }
    }

    public Task<SearchExperimentsResponse> SearchExperimentsAsync(SearchExperimentsRequest request, CancellationToken ct = default) =>
        http.SendAsync<SearchExperimentsRequest, SearchExperimentsResponse>(HttpMethod.Post, "experiments/search", request, ct);

    /// <summary>The id of the named experiment, created when missing. Two services racing to create it both
    /// get the same id: the loser of the race reads the winner's experiment.</summary>
    public async Task<string> GetOrCreateExperimentAsync(string name, CancellationToken ct = default)
    {
        if (await FindExperimentAsync(name, ct) is { } existing) return existing.ExperimentId;
        try
        {
            return await CreateExperimentAsync(name, ct: ct);
        }
        catch (MlflowException e) when (e.ErrorCode == ErrorCodes.ResourceAlreadyExists)
        {
            return (await GetExperimentByNameOrThrowAsync(name, e, ct)).ExperimentId;
        }
    }

    /// <summary>The experiment of that name, or null, without a 404: a client span of a 4xx answer is an error in every
    /// trace viewer, and a missing experiment is the expected first answer. A name holding a single quote would need
    /// escaping that MLflow's filter parser does not undo, so it takes get-by-name.</summary>
    private async Task<Experiment?> FindExperimentAsync(string name, CancellationToken ct)
    {
        if (name.Contains('\'')) return await GetExperimentByNameAsync(name, ct);
        var found = await SearchExperimentsAsync(new SearchExperimentsRequest(MaxResults: 1, Filter: $"name = '{name}'", ViewType: "ALL"), ct);
        return found.Experiments.FirstOrDefault();
    }

    private async Task<Experiment> GetExperimentByNameOrThrowAsync(string name, MlflowException raceLost, CancellationToken ct) =>
        await GetExperimentByNameAsync(name, ct) ?? throw raceLost;
}
