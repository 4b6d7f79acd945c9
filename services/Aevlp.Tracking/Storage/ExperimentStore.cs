using System.Globalization;
using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Search;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Storage;

/// <summary>Experiments and their tags. Artifacts of experiment N live under <c>mlflow-artifacts:/N</c> unless the
/// creator named another location.</summary>
public sealed class ExperimentStore(NpgsqlDataSource database, TimeProvider clock)
{
    private const string Columns = "e.experiment_id AS ExperimentId, e.name AS Name, e.artifact_location AS ArtifactLocation, " +
        "e.lifecycle_stage AS LifecycleStage, e.creation_time AS CreationTime, e.last_update_time AS LastUpdateTime";

    public async Task<string> CreateAsync(CreateExperimentRequest request, CancellationToken ct)
    {
        var name = Require.Field(request.Name, "name");
        var tags = Require.Tags(request.Tags, t => t.Key, t => t.Value, (k, v) => new ExperimentTag(k, v));
        var now = Now();
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long?>(Sql.Command("""
            INSERT INTO experiments (name, artifact_location, creation_time, last_update_time) VALUES (@name, '', @now, @now)
            ON CONFLICT (name) DO NOTHING RETURNING experiment_id
            """, new { name, now }, ct, transaction))
            ?? throw MlflowError.AlreadyExists($"Experiment(name={name}) already exists.");
        var location = string.IsNullOrEmpty(request.ArtifactLocation) ? $"{ArtifactUri.Scheme}/{id}" : request.ArtifactLocation;
        await connection.ExecuteAsync(Sql.Command("UPDATE experiments SET artifact_location = @location WHERE experiment_id = @id",
            new { location, id }, ct, transaction));
        await connection.ExecuteAsync(Sql.Command("INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @Key, @Value)",
            tags.Select(t => new { id, t.Key, t.Value }), ct, transaction));
        await transaction.CommitAsync(ct);
        return id.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<Experiment> GetAsync(long id, CancellationToken ct) =>
        (await QueryAsync("e.experiment_id = @id", new { id }, ct)).SingleOrDefault()
        ?? throw MlflowError.NotFound($"No Experiment with id={id} exists");

    public async Task<Experiment> GetByNameAsync(string name, CancellationToken ct) =>
        (await QueryAsync("e.name = @name", new { name }, ct)).SingleOrDefault()
        ?? throw MlflowError.NotFound($"Could not find experiment with name '{name}'");

    public async Task<(IReadOnlyList<Experiment> Page, string? NextPageToken)> SearchAsync(SearchExperimentsRequest request, CancellationToken ct)
    {
        var limit = Require.MaxResults(request.MaxResults, 1000, 50000);
        var offset = PageToken.Offset(request.PageToken);
        var parameters = new SqlParameters();
        var where = ExperimentSearchSchema.Where(FilterParser.Parse(request.Filter), Views.Stages(request.ViewType, "view_type"), parameters);
        var order = ExperimentSearchSchema.OrderBy(OrderByParser.Parse(request.OrderBy));
        parameters.Values.Add("limit", limit + 1);
        parameters.Values.Add("offset", offset);
        var found = await QueryAsync($"{where} ORDER BY {order} LIMIT @limit OFFSET @offset", parameters.Values, ct);
        return (found.Take(limit).ToArray(), PageToken.Next(offset, limit, found.Count > limit));
    }

    public async Task RenameAsync(long id, string newName, CancellationToken ct)
    {
        await GetAsync(id, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        var updated = await connection.ExecuteAsync(Sql.Command("""
            UPDATE experiments SET name = @newName, last_update_time = @now WHERE experiment_id = @id
            AND NOT EXISTS (SELECT 1 FROM experiments WHERE name = @newName AND experiment_id <> @id)
            """, new { id, newName, now = Now() }, ct));
        if (updated == 0) throw MlflowError.AlreadyExists($"Experiment(name={newName}) already exists.");
    }

    public async Task SetLifecycleStageAsync(long id, string stage, CancellationToken ct)
    {
        if (id == 0 && stage == LifecycleStage.Deleted) throw MlflowError.Invalid("Cannot delete the default experiment '0'.");
        await GetAsync(id, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(Sql.Command(
            "UPDATE experiments SET lifecycle_stage = @stage, last_update_time = @now WHERE experiment_id = @id",
            new { id, stage, now = Now() }, ct, transaction));
        // As in MLflow, deleting an experiment deletes its runs, and restoring it restores them.
        await connection.ExecuteAsync(Sql.Command("UPDATE runs SET lifecycle_stage = @stage WHERE experiment_id = @id",
            new { id, stage }, ct, transaction));
        await transaction.CommitAsync(ct);
    }

    public async Task SetTagAsync(long id, string key, string value, CancellationToken ct)
    {
        await GetAsync(id, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(Sql.Command("""
            INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @key, @value)
            ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value
            """, new { id, key, value }, ct));
    }

    /// <summary>MLflow's answer to a missing tag is RESOURCE_DOES_NOT_EXIST, as for a missing experiment.</summary>
    public async Task DeleteTagAsync(long id, string key, CancellationToken ct)
    {
        await GetAsync(id, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        var deleted = await connection.ExecuteAsync(Sql.Command(
            "DELETE FROM experiment_tags WHERE experiment_id = @id AND key = @key", new { id, key }, ct));
        if (deleted == 0) throw MlflowError.NotFound($"No tag with name: {key} in experiment with id {id}");
    }

    private async Task<IReadOnlyList<Experiment>> QueryAsync(string condition, object parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<ExperimentRow>(Sql.Command(
            $"SELECT {Columns} FROM experiments e WHERE {condition}", parameters, ct))).ToArray();
        var ids = rows.Select(r => r.ExperimentId).ToArray();
        var tags = (await connection.QueryAsync<ExperimentTagRow>(Sql.Command(
                "SELECT experiment_id AS ExperimentId, key AS Key, value AS Value FROM experiment_tags WHERE experiment_id = ANY(@ids) ORDER BY key",
                new { ids }, ct)))
            .ToLookup(t => t.ExperimentId, t => new ExperimentTag(t.Key, t.Value));
        return rows.Select(r => r.ToExperiment(tags[r.ExperimentId].ToArray())).ToArray();
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed record ExperimentRow(long ExperimentId, string Name, string ArtifactLocation, string LifecycleStage, long CreationTime, long LastUpdateTime)
    {
        public Experiment ToExperiment(IReadOnlyList<ExperimentTag> tags) => new()
        {
            ExperimentId = ExperimentId.ToString(CultureInfo.InvariantCulture),
            Name = Name,
            ArtifactLocation = ArtifactLocation,
            LifecycleStage = LifecycleStage,
            CreationTime = CreationTime,
            LastUpdateTime = LastUpdateTime,
            Tags = tags,
        };
    }

    private sealed record ExperimentTagRow(long ExperimentId, string Key, string Value);
}
