using System.Data;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Storage;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.LoggedModels;

/// <summary>MLflow 3's logged models: create, read, finalize, soft delete, tags and params. Their artifacts live under
/// <c>{experiment's location}/models/{model_id}/artifacts</c>, uploaded through the artifact proxy as MLflow's client does.</summary>
public sealed class LoggedModelStore(NpgsqlDataSource database, ExperimentStore experiments, LoggedModelLoader loader, TimeProvider clock)
{
    public async Task<LoggedModel> CreateAsync(CreateLoggedModelRequest request, CancellationToken ct)
    {
        var experiment = await experiments.GetAsync(Require.ExperimentId(request.ExperimentId), ct);
        if (experiment.LifecycleStage != LifecycleStage.Active)
            throw MlflowError.Invalid($"The experiment {experiment.ExperimentId} must be in the 'active' state. Current state is {experiment.LifecycleStage}.");
        var modelId = "m-" + Guid.NewGuid().ToString("N");
        var name = string.IsNullOrEmpty(request.Name) ? "model-" + modelId[2..10] : LoggedModelRules.Name(request.Name);
        var @params = LoggedModelRules.Params(modelId, request.Params);
        var tags = LoggedModelRules.Tags(request.Tags);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(Sql.Command("""
            INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms,
                                       status, model_type, source_run_id)
            VALUES (@modelId, @experimentId, @name, @location, @now, @now, @pending, @ModelType, @SourceRunId)
            """, new
        {
            modelId, experimentId = long.Parse(experiment.ExperimentId, System.Globalization.CultureInfo.InvariantCulture), name, now,
            location = $"{experiment.ArtifactLocation!.TrimEnd('/')}/models/{modelId}/artifacts",
            pending = StatusCode(LoggedModelStatus.Pending),
            ModelType = NullIfEmpty(request.ModelType), SourceRunId = NullIfEmpty(request.SourceRunId),
        }, ct, transaction));
        await UpsertTagsAsync(connection, transaction, modelId, tags, ct);
        await InsertParamsAsync(connection, transaction, modelId, @params, ct);
        await transaction.CommitAsync(ct);
        return await GetAsync(modelId, allowDeleted: false, ct);
    }

    /// <summary>The model; a deleted one only with <paramref name="allowDeleted"/>, as MLflow's allow_deleted.</summary>
    public async Task<LoggedModel> GetAsync(string modelId, bool allowDeleted, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<LoggedModelRow>(Sql.Command(
            $"SELECT {LoggedModelRow.Columns} FROM logged_models m WHERE m.model_id = @modelId", new { modelId }, ct));
        if (row is null || (!allowDeleted && row.LifecycleStage != LifecycleStage.Active)) throw NotFound(modelId);
        return (await loader.LoadAsync([row], ct))[0];
    }

    /// <summary>Sets the status (MLflow allows any, in any order: a failed upload may be retried and finalized again).</summary>
    public async Task<LoggedModel> FinalizeAsync(string modelId, JsonElement? status, CancellationToken ct)
    {
        var code = StatusCode(LoggedModelRules.Status(status));
        await UpdateAsync(modelId, "status = @code", new { modelId, code }, ct);
        return await GetAsync(modelId, allowDeleted: true, ct);
    }

    public Task DeleteAsync(string modelId, CancellationToken ct) =>
        UpdateAsync(modelId, "lifecycle_stage = @deleted", new { modelId, deleted = LifecycleStage.Deleted }, ct);

    public async Task SetTagsAsync(string modelId, IReadOnlyList<LoggedModelTag>? tags, CancellationToken ct)
    {
        var valid = LoggedModelRules.Tags(tags);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await RequireAsync(connection, transaction, modelId, ct);
        await UpsertTagsAsync(connection, transaction, modelId, valid, ct);
        await transaction.CommitAsync(ct);
    }

    public async Task DeleteTagAsync(string modelId, string key, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await RequireAsync(connection, null, modelId, ct);
        if (await connection.ExecuteAsync(Sql.Command("DELETE FROM logged_model_tags WHERE model_id = @modelId AND key = @key",
                new { modelId, key }, ct)) == 0)
            throw MlflowError.NotFound($"No tag with key '{key}' found for model with ID '{modelId}'.");
    }

    public async Task LogParamsAsync(string modelId, IReadOnlyList<LoggedModelParameter>? @params, CancellationToken ct)
    {
        var valid = LoggedModelRules.Params(modelId, @params);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await RequireAsync(connection, transaction, modelId, ct);
        await InsertParamsAsync(connection, transaction, modelId, valid, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Fails with RESOURCE_DOES_NOT_EXIST naming the first of <paramref name="modelIds"/> that does not exist.</summary>
    public static async Task RequireAllAsync(NpgsqlConnection connection, IDbTransaction? transaction, IReadOnlyCollection<string> modelIds,
        CancellationToken ct)
    {
        if (modelIds.Count == 0) return;
        var found = (await connection.QueryAsync<string>(Sql.Command(
            "SELECT model_id FROM logged_models WHERE model_id = ANY(@ids) FOR SHARE", new { ids = modelIds.ToArray() }, ct, transaction))).ToHashSet();
        if (modelIds.FirstOrDefault(id => !found.Contains(id)) is { } missing) throw NotFound(missing);
    }

    /// <summary>Appends the version to the model's <c>mlflow.modelVersions</c> tag (a JSON list of {name, version}), as
    /// MLflow's server does when a version is registered from the model.</summary>
    public static async Task AddRegistrationAsync(NpgsqlConnection connection, IDbTransaction transaction, string modelId, string name,
        int version, CancellationToken ct)
    {
        var stored = await connection.ExecuteScalarAsync<string?>(Sql.Command(
            "SELECT value FROM logged_model_tags WHERE model_id = @modelId AND key = @key FOR UPDATE",
            new { modelId, key = ModelVersionsTag }, ct, transaction));
        await UpsertTagsAsync(connection, transaction, modelId,
            [new LoggedModelTag(ModelVersionsTag, JsonListTag.Append(stored, new JsonObject { ["name"] = name, ["version"] = version }))], ct);
    }

    public const string ModelVersionsTag = "mlflow.modelVersions";

    public static MlflowError NotFound(string modelId) => MlflowError.NotFound($"Logged model with ID '{modelId}' not found.");

    public static int StatusCode(string status) => LoggedModelStatus.Codes.ToList().IndexOf(status);

    private static Task RequireAsync(NpgsqlConnection connection, IDbTransaction? transaction, string modelId, CancellationToken ct) =>
        RequireAllAsync(connection, transaction, [modelId], ct);

    private async Task UpdateAsync(string modelId, string assignment, object parameters, CancellationToken ct)
    {
        var args = new DynamicParameters(parameters);
        args.Add("now", clock.GetUtcNow().ToUnixTimeMilliseconds());
        await using var connection = await database.OpenConnectionAsync(ct);
        if (await connection.ExecuteAsync(Sql.Command(
                $"UPDATE logged_models SET {assignment}, last_updated_timestamp_ms = @now WHERE model_id = @modelId", args, ct)) == 0)
            throw NotFound(modelId);
    }

    private static Task UpsertTagsAsync(NpgsqlConnection connection, IDbTransaction transaction, string modelId,
        IReadOnlyList<LoggedModelTag> tags, CancellationToken ct) =>
        KeyValueRows.UpsertAsync(connection, transaction, "logged_model_tags", "model_id", modelId,
            [.. tags.Select(t => t.Key!)], [.. tags.Select(t => t.Value!)], ct);

    // As a run's params: once logged, a param keeps its value; logging the same value again changes nothing.
    private static async Task InsertParamsAsync(NpgsqlConnection connection, IDbTransaction transaction, string modelId,
        IReadOnlyList<LoggedModelParameter> @params, CancellationToken ct)
    {
        if (await KeyValueRows.InsertOnceAsync(connection, transaction, "logged_model_params", "model_id", modelId,
                [.. @params.Select(p => p.Key!)], [.. @params.Select(p => p.Value!)], ct) is { } clash)
            throw MlflowError.Invalid($"Changing param values is not allowed. Param with key='{clash.Key}' was already logged with another value for model ID='{modelId}'.");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
