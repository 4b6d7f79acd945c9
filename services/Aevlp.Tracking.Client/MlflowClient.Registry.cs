using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Client;

public sealed partial class MlflowClient
{
    public async Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description = null,
        IReadOnlyList<RegisteredModelTag>? tags = null, CancellationToken ct = default) =>
        (await http.SendAsync<CreateRegisteredModelRequest, RegisteredModelResponse>(HttpMethod.Post, "registered-models/create",
            new CreateRegisteredModelRequest(name, tags, description), ct)).RegisteredModel;

    public async Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken ct = default) =>
        (await http.GetAsync<RegisteredModelResponse>("registered-models/get", [("name", name)], ct)).RegisteredModel;

    public Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken ct = default) =>
        http.SendAsync(HttpMethod.Post, "registered-models/set-tag", new SetRegisteredModelTagRequest(name, key, value), ct);

    public async Task<ModelVersion> CreateModelVersionAsync(string name, string source, string? runId = null,
        string? description = null, IReadOnlyList<ModelVersionTag>? tags = null, string? modelId = null, CancellationToken ct = default) =>
        (await http.SendAsync<CreateModelVersionRequest, ModelVersionResponse>(HttpMethod.Post, "model-versions/create",
            new CreateModelVersionRequest(name, source, runId, tags, description, modelId), ct)).ModelVersion;

    public async Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken ct = default) =>
        (await http.GetAsync<ModelVersionResponse>("model-versions/get", [("name", name), ("version", version)], ct)).ModelVersion;

    /// <summary>Model versions matching an MLflow filter such as <c>name='x'</c> or <c>run_id='…'</c>.</summary>
    public Task<SearchModelVersionsResponse> SearchModelVersionsAsync(string? filter = null, int? maxResults = null,
        string? pageToken = null, CancellationToken ct = default) =>
        http.GetAsync<SearchModelVersionsResponse>("model-versions/search",
            [("filter", filter), ("max_results", maxResults?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("page_token", pageToken)], ct);

    public Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken ct = default) =>
        http.SendAsync(HttpMethod.Post, "model-versions/set-tag", new SetModelVersionTagRequest(name, version, key, value), ct);

    public Task SetAliasAsync(string name, string alias, string version, CancellationToken ct = default) =>
        http.SendAsync(HttpMethod.Post, "registered-models/alias", new SetRegisteredModelAliasRequest(name, alias, version), ct);

    public async Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken ct = default) =>
        (await http.GetAsync<ModelVersionResponse>("registered-models/alias", [("name", name), ("alias", alias)], ct)).ModelVersion;

    public Task DeleteAliasAsync(string name, string alias, CancellationToken ct = default) =>
        http.SendAsync(HttpMethod.Delete, "registered-models/alias", new DeleteRegisteredModelAliasRequest(name, alias), ct);

    public async Task<string> GetModelVersionDownloadUriAsync(string name, string version, CancellationToken ct = default) =>
        (await http.GetAsync<DownloadUriResponse>("model-versions/get-download-uri", [("name", name), ("version", version)], ct)).ArtifactUri;
}
