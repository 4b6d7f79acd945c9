using System.Globalization;
using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.LoggedModels;
using Aevlp.Tracking.Search;
using Aevlp.Tracking.Storage;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Registry;

/// <summary>Model versions: numbered 1, 2, … per registered model, with a stage, tags and aliases.</summary>
public sealed class ModelVersionStore(NpgsqlDataSource database, RunStore runs, LoggedModelStore loggedModels, TimeProvider clock)
{
    private const string Columns = "v.name AS Name, v.version AS Version, v.creation_timestamp AS CreationTimestamp, " +
        "v.last_updated_timestamp AS LastUpdatedTimestamp, v.description AS Description, v.source AS Source, v.run_id AS RunId, " +
        "v.status AS Status, v.current_stage AS CurrentStage, v.model_id AS ModelId";

    public async Task<ModelVersion> CreateAsync(CreateModelVersionRequest request, CancellationToken ct)
    {
        var name = Require.Field(request.Name, "name");
        var source = Require.Field(request.Source, "source");
        var model = LoggedModelUri.ModelId(source, request.ModelId) is { } modelId ? await loggedModels.GetAsync(modelId, allowDeleted: false, ct) : null;
        var runId = string.IsNullOrEmpty(request.RunId) ? model?.Info.SourceRunId : request.RunId;
        if (!string.IsNullOrEmpty(runId)) await runs.GetRowAsync(runId, ct);
        var tags = Require.Tags(request.Tags, t => t.Key, t => t.Value, (k, v) => new ModelVersionTag(k, v));
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var version = await connection.ExecuteScalarAsync<int?>(Sql.Command("""
            UPDATE registered_models SET next_version = next_version + 1, last_updated_timestamp = @now
            WHERE name = @name RETURNING next_version - 1
            """, new { name, now }, ct, transaction))
            ?? throw MlflowError.NotFound($"Registered Model with name={name} not found");
        await connection.ExecuteAsync(Sql.Command("""
            INSERT INTO model_versions (name, version, creation_timestamp, last_updated_timestamp, description, source, run_id, model_id)
            VALUES (@name, @version, @now, @now, @Description, @source, @runId, @modelId)
            """, new { name, version, now, request.Description, source, runId, modelId = model?.Info.ModelId }, ct, transaction));
        await connection.ExecuteAsync(Sql.Command("INSERT INTO model_version_tags (name, version, key, value) VALUES (@name, @version, @Key, @Value)",
            tags.Select(t => new { name, version, t.Key, t.Value }), ct, transaction));
        if (model is not null) await LoggedModelStore.AddRegistrationAsync(connection, transaction, model.Info.ModelId, name, version, ct);
        await transaction.CommitAsync(ct);
        return await GetAsync(name, version, ct);
    }

    public async Task<ModelVersion> GetAsync(string name, int version, CancellationToken ct) =>
        (await QueryAsync("v.name = @name AND v.version = @version", new { name, version }, ct)).SingleOrDefault()
        ?? throw MlflowError.NotFound($"Model Version (name={name}, version={version}) not found");

    public async Task<IReadOnlyList<ModelVersion>> ForModelsAsync(string[] names, CancellationToken ct) =>
        await QueryAsync("v.name = ANY(@names) ORDER BY v.name, v.version DESC", new { names }, ct);

    public async Task<(IReadOnlyList<ModelVersion> Page, string? NextPageToken)> SearchAsync(string? filter, int? maxResults,
        IReadOnlyList<string>? orderBy, string? pageToken, CancellationToken ct)
    {
        var limit = Require.MaxResults(maxResults, 10000, 200000);
        var offset = PageToken.Offset(pageToken);
        var parameters = new SqlParameters();
        var where = RegistrySearchSchema.Where(FilterParser.Parse(filter), RegistrySearchSchema.VersionColumns, "model_version_tags",
            "kv.name = v.name AND kv.version = v.version", "p.name = v.name", parameters);
        var order = RegistrySearchSchema.OrderBy(OrderByParser.Parse(orderBy), RegistrySearchSchema.VersionColumns, "v.name ASC, v.version DESC");
        parameters.Values.Add("limit", limit + 1);
        parameters.Values.Add("offset", offset);
        var found = await QueryAsync($"{where} ORDER BY {order} LIMIT @limit OFFSET @offset", parameters.Values, ct);
        return (found.Take(limit).ToArray(), PageToken.Next(offset, limit, found.Count > limit));
    }

    public async Task UpdateDescriptionAsync(string name, int version, string? description, CancellationToken ct) =>
        await ExecuteOnVersionAsync(name, version,
            "UPDATE model_versions SET description = @description, last_updated_timestamp = @now WHERE name = @name AND version = @version",
            new { name, version, description, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, ct);

    public async Task DeleteAsync(string name, int version, CancellationToken ct) =>
        await ExecuteOnVersionAsync(name, version, "DELETE FROM model_versions WHERE name = @name AND version = @version", new { name, version }, ct);

    /// <summary>Moves a version to a stage; with <paramref name="archiveExisting"/>, other versions in that stage (Staging or
    /// Production) move to Archived.</summary>
    public async Task<ModelVersion> TransitionAsync(string name, int version, string stage, bool archiveExisting, CancellationToken ct)
    {
        var canonical = CanonicalStage(stage);
        await GetAsync(name, version, ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (archiveExisting && canonical is ModelStage.Staging or ModelStage.Production)
        {
            await connection.ExecuteAsync(Sql.Command("""
                UPDATE model_versions SET current_stage = 'Archived', last_updated_timestamp = @now
                WHERE name = @name AND version <> @version AND current_stage = @canonical
                """, new { name, version, canonical, now }, ct, transaction));
        }
        await connection.ExecuteAsync(Sql.Command(
            "UPDATE model_versions SET current_stage = @canonical, last_updated_timestamp = @now WHERE name = @name AND version = @version",
            new { name, version, canonical, now }, ct, transaction));
        await transaction.CommitAsync(ct);
        return await GetAsync(name, version, ct);
    }

    public async Task SetTagAsync(string name, int version, string key, string value, CancellationToken ct) =>
        await ExecuteOnVersionAsync(name, version, """
            INSERT INTO model_version_tags (name, version, key, value) SELECT name, version, @key, @value FROM model_versions
            WHERE name = @name AND version = @version ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value
            """, new { name, version, key, value }, ct);

    /// <summary>Of a version that exists (else RESOURCE_DOES_NOT_EXIST); a tag it does not have is no error, as in MLflow.</summary>
    public async Task DeleteTagAsync(string name, int version, string key, CancellationToken ct)
    {
        await GetAsync(name, version, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(Sql.Command(
            "DELETE FROM model_version_tags WHERE name = @name AND version = @version AND key = @key", new { name, version, key }, ct));
    }

    /// <summary>A stage as MLflow spells it, whatever the letter case it came in.</summary>
    public static string CanonicalStage(string stage) =>
        ModelStage.All.FirstOrDefault(s => s.Equals(stage, StringComparison.OrdinalIgnoreCase))
        ?? throw MlflowError.Invalid($"Invalid value '{stage}' for parameter 'stage': expected one of {string.Join(", ", ModelStage.All)}.");

    /// <summary>Where the version's files are: its logged model's artifacts, or its source with <c>runs:/&lt;run_id&gt;/path</c>
    /// resolved to the run's artifacts.</summary>
    public async Task<string> DownloadUriAsync(string name, int version, CancellationToken ct)
    {
        var found = await GetAsync(name, version, ct);
        if (found.ModelId is { } modelId) return (await loggedModels.GetAsync(modelId, allowDeleted: true, ct)).Info.ArtifactUri;
        var source = found.Source!;
        if (!source.StartsWith("runs:/", StringComparison.Ordinal)) return source;
        var rest = source["runs:/".Length..].Split('/', 2);
        var run = await runs.GetRowAsync(rest[0], ct);
        return rest.Length == 2 && rest[1].Length > 0 ? $"{run.ArtifactUri}/{rest[1]}" : run.ArtifactUri;
    }

    private async Task ExecuteOnVersionAsync(string name, int version, string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        if (await connection.ExecuteAsync(Sql.Command(sql, parameters, ct)) == 0)
            throw MlflowError.NotFound($"Model Version (name={name}, version={version}) not found");
    }

    private async Task<IReadOnlyList<ModelVersion>> QueryAsync(string condition, object parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<VersionRow>(Sql.Command(
            $"SELECT {Columns} FROM model_versions v WHERE {condition}", parameters, ct))).ToArray();
        var names = rows.Select(r => r.Name).Distinct().ToArray();
        using var extras = await connection.QueryMultipleAsync(Sql.Command("""
            SELECT name AS Name, version AS Version, key AS Key, value AS Value FROM model_version_tags WHERE name = ANY(@names) ORDER BY key;
            SELECT name AS Name, version AS Version, alias AS Key, '' AS Value FROM registered_model_aliases WHERE name = ANY(@names) ORDER BY alias;
            """, new { names }, ct));
        var tags = (await extras.ReadAsync<VersionKeyValue>()).ToLookup(t => (t.Name, t.Version), t => new ModelVersionTag(t.Key, t.Value));
        var aliases = (await extras.ReadAsync<VersionKeyValue>()).ToLookup(a => (a.Name, a.Version), a => a.Key);
        return rows.Select(r => r.ToModelVersion(tags[(r.Name, r.Version)].ToArray(), aliases[(r.Name, r.Version)].ToArray())).ToArray();
    }

    private sealed record VersionKeyValue(string Name, int Version, string Key, string Value);

    private sealed record VersionRow(string Name, int Version, long CreationTimestamp, long LastUpdatedTimestamp, string? Description,
        string Source, string? RunId, string Status, string CurrentStage, string? ModelId)
    {
        public ModelVersion ToModelVersion(IReadOnlyList<ModelVersionTag> tags, IReadOnlyList<string> aliases) => new()
        {
            Name = Name,
            Version = Version.ToString(CultureInfo.InvariantCulture),
            CreationTimestamp = CreationTimestamp,
            LastUpdatedTimestamp = LastUpdatedTimestamp,
            Description = Description,
            Source = Source,
            RunId = RunId,
            ModelId = ModelId,
            Status = Status,
            CurrentStage = CurrentStage,
            Tags = tags,
            Aliases = aliases,
        };
    }
}
