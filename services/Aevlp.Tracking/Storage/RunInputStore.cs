using System.Text.Json;
using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Storage;

/// <summary>What each run read (runs/log-inputs): datasets, and logged models, stored whole in one transaction.</summary>
public sealed class RunInputStore(NpgsqlDataSource database, RunStore runs)
{
    public async Task LogAsync(string runId, IReadOnlyList<DatasetInput> datasets, IReadOnlyList<string> modelIds, CancellationToken ct)
    {
        await runs.GetActiveRowAsync(runId, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await RunModelLinks.InsertAsync(connection, transaction, runId, RunModelLinks.Input, [.. modelIds.Select(id => (id, (long?)null))], ct);
        await connection.ExecuteAsync(Sql.Command("""
            INSERT INTO run_dataset_inputs (run_uuid, name, digest, source_type, source, dataset_schema, profile, tags)
            VALUES (@runId, @Name, @Digest, @SourceType, @Source, @Schema, @Profile, @Tags::jsonb)
            ON CONFLICT (run_uuid, name, digest) DO NOTHING
            """, datasets.Select(input => new
        {
            runId, input.Dataset!.Name, input.Dataset.Digest, input.Dataset.SourceType, input.Dataset.Source, input.Dataset.Schema,
            input.Dataset.Profile, Tags = JsonSerializer.Serialize(input.Tags ?? [], MlflowJson.Options),
        }), ct, transaction));
        await transaction.CommitAsync(ct);
    }

    /// <summary>The distinct datasets the runs of some experiments read, with their <c>mlflow.data.context</c> tag, as MLflow's
    /// SearchDatasets answers (for its UI): at most <see cref="MaxDatasetSummaries"/>.</summary>
    public async Task<IReadOnlyList<DatasetSummary>> SearchDatasetsAsync(long[] experimentIds, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<SummaryRow>(Sql.Command("""
            SELECT DISTINCT r.experiment_id AS ExperimentId, i.name AS Name, i.digest AS Digest,
                   (SELECT t->>'value' FROM jsonb_array_elements(i.tags) t WHERE t->>'key' = 'mlflow.data.context' LIMIT 1) AS Context
            FROM run_dataset_inputs i JOIN runs r USING (run_uuid)
            WHERE r.experiment_id = ANY(@experimentIds) ORDER BY 1, 2, 3, 4 LIMIT @limit
            """, new { experimentIds, limit = MaxDatasetSummaries }, ct)))
            .Select(r => new DatasetSummary(r.ExperimentId.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Name, r.Digest, r.Context))
            .ToArray();
    }

    public const int MaxDatasetSummaries = 1000;
    public const int MaxExperimentIds = 20;

    /// <summary>MLflow's checks of a SearchDatasets request: 1 to 20 experiment ids.</summary>
    public static long[] CheckExperimentIds(IReadOnlyList<string>? ids) => ids switch
    {
        null or { Count: 0 } => throw MlflowError.Invalid("SearchDatasets request must specify at least one experiment_id."),
        { Count: > MaxExperimentIds } => throw MlflowError.Invalid(
            $"SearchDatasets request cannot specify more than {MaxExperimentIds} experiment_ids. Received {ids.Count} experiment_ids."),
        _ => ids.Select(id => Require.ExperimentId(id, "experiment_ids")).ToArray(),
    };

    private sealed record SummaryRow(long ExperimentId, string Name, string Digest, string? Context);

    /// <summary>The query <see cref="RunDataLoader"/> runs with its others, and what it makes of its rows.</summary>
    public const string LoadQuery = """
        SELECT run_uuid AS RunUuid, name AS Name, digest AS Digest, source_type AS SourceType, source AS Source,
               dataset_schema AS DatasetSchema, profile AS Profile, tags::text AS Tags
        FROM run_dataset_inputs WHERE run_uuid = ANY(@ids) ORDER BY logged;
        """;

    public static ILookup<string, DatasetInput> ToLookup(IEnumerable<InputRow> rows) => rows.ToLookup(r => r.RunUuid, r => new DatasetInput(
        new Dataset(r.Name, r.Digest, r.SourceType, r.Source, r.DatasetSchema, r.Profile),
        JsonSerializer.Deserialize<InputTag[]>(r.Tags, MlflowJson.Options)));

    public sealed record InputRow(string RunUuid, string Name, string Digest, string SourceType, string Source, string? DatasetSchema,
        string? Profile, string Tags);
}
