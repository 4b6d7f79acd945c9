using Aevlp.Tracking.Artifacts;
using Aevlp.Tracking.Client.Protocol;
using Aevlp.Tracking.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace Aevlp.Tracking.Api;

/// <summary>artifacts/list of the tracking API, and the artifact proxy of <c>mlflow server --serve-artifacts</c>.</summary>
public static class ArtifactEndpoints
{
    public static void MapArtifactListEndpoint(this RouteGroupBuilder api) =>
        api.MapGet("artifacts/list", async (MlflowRequest<ListArtifactsQuery> request, RunStore runs, ArtifactStore store, CancellationToken ct) =>
        {
            var run = await runs.GetRowAsync(Require.RunId(request.Value), ct);
            var root = BlobRoot(run.ArtifactUri);
            var path = ArtifactPath.Parse(request.Value.Path, "path", allowRoot: true);
            return new ListArtifactsResponse
            {
                RootUri = run.ArtifactUri,
                Files = await store.ListAsync(ArtifactPath.Join(root, path), root, ct),
            };
        });

    public static void MapArtifactProxyEndpoints(this RouteGroupBuilder proxy)
    {
        proxy.MapPut("artifacts/{**path}", async (string? path, HttpContext context, ArtifactStore store, CancellationToken ct) =>
        {
            var name = ArtifactPath.Parse(path, "path", allowRoot: false);
            // Artifacts are model files of any size: lift Kestrel's 30 MB body limit for this route; the body streams
            // through in blocks, never held whole.
            context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
            await store.UploadAsync(name, context.Request.Body, ct);
            return MlflowApi.Empty;
        });

        proxy.MapGet("artifacts/{**path}", async (string? path, ArtifactStore store, CancellationToken ct) =>
        {
            var name = ArtifactPath.Parse(path, "path", allowRoot: false);
            var blob = await store.OpenAsync(name, ct);
            return Results.Stream(blob.Content, ArtifactContentType.Of(name), fileDownloadName: name.Split('/')[^1]);
        });

        proxy.MapGet("artifacts", async (MlflowRequest<ArtifactDirectoryQuery> request, ArtifactStore store, CancellationToken ct) =>
        {
            var directory = ArtifactPath.Parse(request.Value.Path, "path", allowRoot: true);
            var files = await store.ListAsync(directory, directory, ct);
            return new ListArtifactsResponse { Files = files };
        });
    }

    /// <summary>The blob folder of a run's <c>mlflow-artifacts:/…</c> root.</summary>
    public static string BlobRoot(string artifactUri) =>
        ArtifactUri.Root(artifactUri) ?? throw MlflowError.Invalid($"The artifact location '{artifactUri}' is not served by this tracker; only mlflow-artifacts:/ locations are.");
}
