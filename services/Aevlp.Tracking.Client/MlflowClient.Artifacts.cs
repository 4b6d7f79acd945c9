using System.Net.Http.Headers;
using Aevlp.Tracking.Client.Http;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Client;

public sealed partial class MlflowClient
{
    /// <summary>Uploads <paramref name="content"/> to <paramref name="path"/> under the run's artifact root through the
    /// server's artifact proxy, streaming it (never held in memory whole). A stream cannot be replayed, so a failed
    /// upload is not retried here: call again with a fresh stream.</summary>
    public Task UploadArtifactAsync(RunInfo run, string path, Stream content, CancellationToken ct = default) =>
        UploadArtifactAsync(run.ArtifactUri, path, content, ct);

    /// <summary>As the run overload, under any <c>mlflow-artifacts:</c> root (a logged model's <c>artifact_uri</c>).</summary>
    public async Task UploadArtifactAsync(string artifactUri, string path, Stream content, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, ArtifactRoutes.Proxied(artifactUri, path))
        {
            Content = new StreamContent(content),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Options.Set(ArtifactRoutes.NotReplayable, true);
        using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await MlflowHttp.EnsureSuccessAsync(response, ct);
    }

    /// <summary>The files and folders directly under <paramref name="path"/> (the run's artifact root when null).</summary>
    public Task<ListArtifactsResponse> ListArtifactsAsync(string runId, string? path = null, CancellationToken ct = default) =>
        http.GetAsync<ListArtifactsResponse>("artifacts/list", [("run_id", runId), ("path", path)], ct);

    /// <summary>Opens an artifact for reading; the caller disposes the stream, which reads from the network as it goes.</summary>
    public Task<Stream> OpenArtifactAsync(RunInfo run, string path, CancellationToken ct = default) =>
        OpenArtifactAsync(run.ArtifactUri, path, ct);

    /// <summary>As the run overload, under any <c>mlflow-artifacts:</c> root (a logged model's <c>artifact_uri</c>).</summary>
    public async Task<Stream> OpenArtifactAsync(string artifactUri, string path, CancellationToken ct = default)
    {
        var response = await http.Client.GetAsync(ArtifactRoutes.Proxied(artifactUri, path), HttpCompletionOption.ResponseHeadersRead, ct);
        try
        {
            await MlflowHttp.EnsureSuccessAsync(response, ct);
            return new ResponseStream(await response.Content.ReadAsStreamAsync(ct), response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Keeps the response alive as long as its body stream is read.</summary>
    private sealed class ResponseStream(Stream inner, HttpResponseMessage response) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
