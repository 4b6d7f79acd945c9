using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Search;
using Aevlp.Tracking.Storage;
using Dapper;
using Npgsql;

namespace Aevlp.Tracking.Registry;

/// <summary>Registered models, their tags and aliases. Each model shows its newest version per stage.</summary>
public sealed class RegisteredModelStore(NpgsqlDataSource database, ModelVersionStore versions, TimeProvider clock)
{
    private const string Columns = "m.name AS Name, m.creation_timestamp AS CreationTimestamp, " +
        "m.last_updated_timestamp AS LastUpdatedTimestamp, m.description AS Description";

    public async Task<RegisteredModel> CreateAsync(CreateRegisteredModelRequest request, CancellationToken ct)
    {
        var name = Require.Field(request.Name, "name");
        var tags = Require.Tags(request.Tags, t => t.Key, t => t.Value, (k, v) => new RegisteredModelTag(k, v));
        var now = Now();
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var created = await connection.ExecuteAsync(Sql.Command("""
            INSERT INTO registered_models (name, creation_timestamp, last_updated_timestamp, description)
            VALUES (@name, @now, @now, @Description) ON CONFLICT (name) DO NOTHING
            """, new { name, now, request.Description }, ct, transaction));
        if (created == 0) throw MlflowError.AlreadyExists($"Registered Model (name={name}) already exists.");
        await connection.ExecuteAsync(Sql.Command("INSERT INTO registered_model_tags (name, key, value) VALUES (@name, @Key, @Value)",
            tags.Select(t => new { name, t.Key, t.Value }), ct, transaction));
        await transaction.CommitAsync(ct);
        return await GetAsync(name, ct);
    }

    public async Task<RegisteredModel> GetAsync(string name, CancellationToken ct) =>
        (await QueryAsync("m.name = @name", new { name }, ct)).SingleOrDefault()
        ?? throw MlflowError.NotFound($"Registered Model with name={name} not found");

    public async Task<(IReadOnlyList<RegisteredModel> Page, string? NextPageToken)> SearchAsync(string? filter, int? maxResults,
        IReadOnlyList<string>? orderBy, string? pageToken, CancellationToken ct)
    {
        var limit = Require.MaxResults(maxResults, 100, 1000);
        var offset = PageToken.Offset(pageToken);
        var parameters = new SqlParameters();
        var where = RegistrySearchSchema.Where(FilterParser.Parse(filter), RegistrySearchSchema.ModelColumns, "registered_model_tags",
            "kv.name = m.name", "p.name = m.name", parameters);
        var order = RegistrySearchSchema.OrderBy(OrderByParser.Parse(orderBy), RegistrySearchSchema.ModelColumns, "m.name ASC");
        parameters.Values.Add("limit", limit + 1);
        parameters.Values.Add("offset", offset);
        var found = await QueryAsync($"{where} ORDER BY {order} LIMIT @limit OFFSET @offset", parameters.Values, ct);
        return (found.Take(limit).ToArray(), PageToken.Next(offset, limit, found.Count > limit));
    }

    public async Task<RegisteredModel> RenameAsync(string name, string newName, CancellationToken ct)
    {
        await GetAsync(name, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        var renamed = await connection.ExecuteAsync(Sql.Command("""
            UPDATE registered_models SET name = @newName, last_updated_timestamp = @now
            WHERE name = @name AND NOT EXISTS (SELECT 1 FROM registered_models WHERE name = @newName)
            """, new { name, newName, now = Now() }, ct));
        if (renamed == 0) throw MlflowError.AlreadyExists($"Registered Model (name={newName}) already exists.");
        return await GetAsync(newName, ct);
    }

    public async Task<RegisteredModel> UpdateAsync(string name, string? description, CancellationToken ct)
    {
        await ExecuteOnModelAsync(name, "UPDATE registered_models SET description = @description, last_updated_timestamp = @now WHERE name = @name",
            new { name, description, now = Now() }, ct);
        return await GetAsync(name, ct);
    }

    public Task DeleteAsync(string name, CancellationToken ct) =>
        ExecuteOnModelAsync(name, "DELETE FROM registered_models WHERE name = @name", new { name }, ct);

    public Task SetTagAsync(string name, string key, string value, CancellationToken ct) =>
        ExecuteOnModelAsync(name, """
            INSERT INTO registered_model_tags (name, key, value) SELECT name, @key, @value FROM registered_models WHERE name = @name
            ON CONFLICT (name, key) DO UPDATE SET value = excluded.value
            """, new { name, key, value }, ct);

    /// <summary>Of a model that exists (else RESOURCE_DOES_NOT_EXIST); a tag it does not have is no error, as in MLflow.</summary>
    public async Task DeleteTagAsync(string name, string key, CancellationToken ct)
    {
        await GetAsync(name, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(Sql.Command("DELETE FROM registered_model_tags WHERE name = @name AND key = @key", new { name, key }, ct));
    }

    /// <summary>MLflow's get-latest-versions: the newest version in each of <paramref name="stages"/> (any letter case), or in
    /// every stage when none is named.</summary>
    public async Task<IReadOnlyList<ModelVersion>> LatestVersionsAsync(string name, IReadOnlyList<string> stages, CancellationToken ct)
    {
        var wanted = stages.Select(ModelVersionStore.CanonicalStage).ToHashSet();
        var model = await GetAsync(name, ct);
        return [.. model.LatestVersions.Where(v => wanted.Count == 0 || wanted.Contains(v.CurrentStage))];
    }

    public async Task SetAliasAsync(string name, string alias, int version, CancellationToken ct)
    {
        await versions.GetAsync(name, version, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(Sql.Command("""
            INSERT INTO registered_model_aliases (name, alias, version) VALUES (@name, @alias, @version)
            ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version
            """, new { name, alias, version }, ct));
    }

    public async Task<ModelVersion> GetByAliasAsync(string name, string alias, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var version = await connection.ExecuteScalarAsync<int?>(Sql.Command(
            "SELECT version FROM registered_model_aliases WHERE name = @name AND alias = @alias", new { name, alias }, ct))
            ?? throw MlflowError.NotFound($"Registered model alias {alias} not found.");
        return await versions.GetAsync(name, version, ct);
    }

    public async Task DeleteAliasAsync(string name, string alias, CancellationToken ct)
    {
        await GetAsync(name, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(Sql.Command(
            "DELETE FROM registered_model_aliases WHERE name = @name AND alias = @alias", new { name, alias }, ct));
    }

    private async Task ExecuteOnModelAsync(string name, string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        if (await connection.ExecuteAsync(Sql.Command(sql, parameters, ct)) == 0)
            throw MlflowError.NotFound($"Registered Model with name={name} not found");
    }

    private async Task<IReadOnlyList<RegisteredModel>> QueryAsync(string condition, object parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<ModelRow>(Sql.Command(
            $"SELECT {Columns} FROM registered_models m WHERE {condition}", parameters, ct))).ToArray();
        var names = rows.Select(r => r.Name).ToArray();
        using var extras = await connection.QueryMultipleAsync(Sql.Command("""
            SELECT name AS Name, key AS Key, value AS Value FROM registered_model_tags WHERE name = ANY(@names) ORDER BY key;
            SELECT name AS Name, alias AS Key, version::text AS Value FROM registered_model_aliases WHERE name = ANY(@names) ORDER BY alias;
            """, new { names }, ct));
        var tags = (await extras.ReadAsync<ModelKeyValue>()).ToLookup(t => t.Name, t => new RegisteredModelTag(t.Key, t.Value));
        var aliases = (await extras.ReadAsync<ModelKeyValue>()).ToLookup(a => a.Name, a => new RegisteredModelAlias(a.Key, a.Value));
        var latest = (await versions.ForModelsAsync(names, ct)).GroupBy(v => v.Name)
            .ToDictionary(g => g.Key, g => g.GroupBy(v => v.CurrentStage).Select(s => s.First()).ToArray());
        return rows.Select(r => new RegisteredModel
        {
            Name = r.Name,
            CreationTimestamp = r.CreationTimestamp,
            LastUpdatedTimestamp = r.LastUpdatedTimestamp,
            Description = r.Description,
            LatestVersions = latest.GetValueOrDefault(r.Name) ?? [],
            Tags = tags[r.Name].ToArray(),
            Aliases = aliases[r.Name].ToArray(),
        }).ToArray();
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed record ModelRow(string Name, long CreationTimestamp, long LastUpdatedTimestamp, string? Description);

    private sealed record ModelKeyValue(string Name, string Key, string Value);
}
