using System.Text.Json;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Client;

/// <summary>MLflow 3's logged models, called as MLflow's own client calls them when it logs a model in a run.</summary>
public sealed partial class MlflowClient
{
    public async Task<LoggedModel> CreateLoggedModelAsync(CreateLoggedModelRequest request, CancellationToken ct = default) =>
        (await http.SendAsync<CreateLoggedModelRequest, LoggedModelResponse>(HttpMethod.Post, "logged-models", request, ct)).Model;

    /// <summary>Sets the model's status: <see cref="LoggedModelStatus.Ready"/> once its files are uploaded.</summary>
    public async Task<LoggedModel> FinalizeLoggedModelAsync(string modelId, string status, CancellationToken ct = default) =>
        (await http.SendAsync<FinalizeLoggedModelRequest, LoggedModelResponse>(HttpMethod.Patch, $"logged-models/{Uri.EscapeDataString(modelId)}",
            new FinalizeLoggedModelRequest(modelId, JsonSerializer.SerializeToElement(status)), ct)).Model;

    public Task<SearchLoggedModelsResponse> SearchLoggedModelsAsync(SearchLoggedModelsRequest request, CancellationToken ct = default) =>
        http.SendAsync<SearchLoggedModelsRequest, SearchLoggedModelsResponse>(HttpMethod.Post, "logged-models/search", request, ct);

    /// <summary>The run's model (<see cref="RunModel.Name"/>, with the run as its source), found as MLflow's
    /// <c>register_model("runs:/…/model")</c> finds it, in <paramref name="status"/> (the filter's READY, PENDING…) when
    /// given; null when there is none.</summary>
    public async Task<LoggedModel?> FindRunModelAsync(string experimentId, string runId, string? status = null, CancellationToken ct = default) =>
        (await SearchLoggedModelsAsync(new SearchLoggedModelsRequest([experimentId], RunModel.Filter(runId, status)), ct)).Models.FirstOrDefault();

    /// <summary>Records that the run produced these models (runs/outputs).</summary>
    public Task LogOutputsAsync(string runId, IReadOnlyList<ModelOutput> models, CancellationToken ct = default) =>
        http.SendAsync(HttpMethod.Post, "runs/outputs", new LogOutputsRequest(runId, models), ct);
}
