using Aevlp.Tracking.Client.Protocol;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Storage;

/// <summary>Fills in params, tags, latest metrics, inputs and outputs for a page of runs: from <see cref="RunCache"/> where it
/// holds the run's current version, the rest in one round trip. Each run's keys are sorted here, per run: sorting a 1,000-run
/// page's 50,000 params by key in SQL spilled to disk (work_mem).</summary>
public sealed class RunDataLoader(NpgsqlDataSource database, RunCache cache, TrackingTelemetry telemetry)
{
    private const string Query = """
        SELECT run_uuid AS RunUuid, key AS Key, value AS Value FROM params WHERE run_uuid = ANY(@ids);
        SELECT run_uuid AS RunUuid, key AS Key, value AS Value FROM tags WHERE run_uuid = ANY(@ids);
        SELECT run_uuid AS RunUuid, key AS Key, value AS Value, timestamp AS Timestamp, step AS Step
        FROM latest_metrics WHERE run_uuid = ANY(@ids);
        """ + RunInputStore.LoadQuery + RunModelLinks.LoadQuery;

    public async Task<IReadOnlyList<Run>> LoadAsync(IReadOnlyList<RunRow> rows, CancellationToken ct)
    {
        var runs = new Run[rows.Count];
        var missing = new List<(int Index, RunRow Row)>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (!cache.TryGet(rows[i], out runs[i])) missing.Add((i, rows[i]));
        }
        telemetry.RunsAssembled.Add(rows.Count - missing.Count, new KeyValuePair<string, object?>("cached", true));
        telemetry.RunsAssembled.Add(missing.Count, new KeyValuePair<string, object?>("cached", false));
        if (missing.Count == 0) return runs;
        var loaded = await ReadAsync(missing.Select(m => m.Row).ToArray(), ct);
        for (var i = 0; i < missing.Count; i++)
        {
            runs[missing[i].Index] = loaded[i];
            cache.Add(missing[i].Row, loaded[i]);
        }
        return runs;
    }

    private async Task<Run[]> ReadAsync(IReadOnlyList<RunRow> rows, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var ids = rows.Select(r => r.RunUuid).ToArray();
        using var results = await connection.QueryMultipleAsync(Sql.Command(Query, new { ids }, ct));
        var @params = (await results.ReadAsync<RunKeyValue>()).ToLookup(p => p.RunUuid, p => new Param(p.Key, p.Value));
        var tags = (await results.ReadAsync<RunKeyValue>()).ToLookup(t => t.RunUuid, t => new RunTag(t.Key, t.Value));
        var metrics = (await results.ReadAsync<RunMetricRow>())
            .ToLookup(m => m.RunUuid, m => new Metric(m.Key, m.Value, m.Timestamp, m.Step));
        var inputs = RunInputStore.ToLookup(await results.ReadAsync<RunInputStore.InputRow>());
        var links = (await results.ReadAsync<RunModelLinks.LinkRow>()).ToLookup(l => (l.RunUuid, l.Direction));
        return rows.Select(row => new Run(row.ToInfo(), new RunData
        {
            Metrics = metrics[row.RunUuid].OrderBy(m => m.Key, StringComparer.Ordinal).ToArray(),
            Params = @params[row.RunUuid].OrderBy(p => p.Key, StringComparer.Ordinal).ToArray(),
            Tags = tags[row.RunUuid].OrderBy(t => t.Key, StringComparer.Ordinal).ToArray(),
        }, new RunInputs
        {
            DatasetInputs = inputs[row.RunUuid].ToArray(),
            ModelInputs = links[(row.RunUuid, RunModelLinks.Input)].Select(l => new ModelInput(l.ModelId)).ToArray(),
        }, new RunOutputs
        {
            ModelOutputs = links[(row.RunUuid, RunModelLinks.Output)].Select(l => new ModelOutput(l.ModelId, l.Step)).ToArray(),
        })).ToArray();
    }
}
