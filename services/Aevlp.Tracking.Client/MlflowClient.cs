using Aevlp.Tracking.Client.Http;

namespace Aevlp.Tracking.Client;

/// <summary>Typed client for the MLflow REST API subset of docs/mlflow-api.md. Register it with
/// <see cref="TrackingClientExtensions.AddMlflowTracking"/>; its HttpClient retries transient failures.</summary>
public sealed partial class MlflowClient
{
    private readonly MlflowHttp http;
    private readonly TimeProvider clock;

    public MlflowClient(HttpClient httpClient, TimeProvider? clock = null)
    {
        http = new MlflowHttp(httpClient);
        this.clock = clock ?? TimeProvider.System;
    }

    private long NowMs() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
