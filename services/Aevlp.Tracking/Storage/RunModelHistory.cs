using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Storage;

/// <summary>runs/log-model, MLflow 2's record of a model logged in a run: the model's MLmodel as JSON, appended to the
/// run tag <see cref="Tag"/>. MLflow 3's <c>log_model</c> still sends it after creating the logged model.</summary>
public sealed class RunModelHistory(NpgsqlDataSource database)
{
    public const string Tag = "mlflow.log-model.history";

    private static readonly string[] Mandatory = ["artifact_path", "flavors", "utc_time_created", "run_id"];

    public async Task AppendAsync(string runId, string? modelJson, CancellationToken ct)
    {
        var model = Parse(Require.Field(modelJson, "model_json"));
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // FOR UPDATE: two models logged at once both end up in the list.
        RunStore.EnsureActive(runId, await connection.ExecuteScalarAsync<string?>(Sql.Command(
            "SELECT lifecycle_stage FROM runs WHERE run_uuid = @runId FOR UPDATE", new { runId }, ct, transaction)));
        var stored = await connection.ExecuteScalarAsync<string?>(Sql.Command(
            "SELECT value FROM tags WHERE run_uuid = @runId AND key = @key", new { runId, key = Tag }, ct, transaction));
        await RunTags.UpsertAsync(connection, transaction, runId, [new RunTag(Tag, JsonListTag.Append(stored, model))], ct);
        await transaction.CommitAsync(ct);
    }

    private static JsonObject Parse(string modelJson)
    {
        JsonObject? model;
        try
        {
            model = JsonNode.Parse(modelJson) as JsonObject;
        }
        catch (JsonException e)
        {
            throw MlflowError.Invalid($"Invalid value for 'model_json': not JSON ({e.Message.Split(" Path:", 2)[0]}).");
        }
        if (model is null) throw MlflowError.Invalid("Invalid value for 'model_json': expected a JSON object (the model's MLmodel).");
        var missing = Mandatory.Where(field => !model.ContainsKey(field)).ToArray();
        return missing.Length == 0 ? model
            : throw MlflowError.Invalid($"Model json is missing mandatory fields: {string.Join(", ", missing)}");
    }
}
