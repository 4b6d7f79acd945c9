using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Aevlp.Tracking.Client;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Tests;

[Collection(TrackingCollection.Name)]
public sealed class ArtifactTests(TrackingFixture tracker)
{
    private MlflowClient Client => tracker.Client;

    [Fact]
    public async Task A_multi_megabyte_artifact_streams_up_lists_and_downloads_unchanged()
    {
        var run = await NewRunAsync();
        var content = RandomNumberGenerator.GetBytes(13 * 1024 * 1024 + 17);

        await Client.UploadArtifactAsync(run, "model/weights.bin", new NonSeekableStream(content));
        await Client.UploadArtifactAsync(run, "config.json", new MemoryStream("{}"u8.ToArray()));
        var root = await Client.ListArtifactsAsync(run.RunId);
        var model = await Client.ListArtifactsAsync(run.RunId, "model");
        await using var download = await Client.OpenArtifactAsync(run, "model/weights.bin");
        var hash = await SHA256.HashDataAsync(download);

        Assert.Equal(run.ArtifactUri, root.RootUri);
        Assert.Equal([new ArtifactFile("config.json", false, 2), new ArtifactFile("model", true)], root.Files.OrderBy(f => f.Path));
        Assert.Equal([new ArtifactFile("model/weights.bin", false, content.Length)], model.Files);
        Assert.Equal(SHA256.HashData(content), hash);
    }

    [Fact]
    public async Task An_upload_cut_off_midway_leaves_nothing_under_the_name()
    {
        var run = await NewRunAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => Client.UploadArtifactAsync(run, "partial.bin", new FailingStream(9 * 1024 * 1024)));

        Assert.Empty((await Client.ListArtifactsAsync(run.RunId)).Files);
        var missing = await Assert.ThrowsAsync<MlflowException>(() => Client.OpenArtifactAsync(run, "partial.bin"));
        Assert.Equal((ErrorCodes.ResourceDoesNotExist, HttpStatusCode.NotFound), (missing.ErrorCode, missing.StatusCode));
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [InlineData("../other")]
    [InlineData("a/../../b")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    public async Task Listing_a_path_that_leaves_the_run_is_invalid(string path)
    {
        var run = await NewRunAsync();

        var error = await Assert.ThrowsAsync<MlflowException>(() => Client.ListArtifactsAsync(run.RunId, path));

        Assert.Equal((ErrorCodes.InvalidParameterValue, HttpStatusCode.BadRequest), (error.ErrorCode, error.StatusCode));
    }

    [Fact]
    public async Task The_proxy_lists_a_directory_by_base_name()
    {
        var run = await NewRunAsync();
        await Client.UploadArtifactAsync(run, "plots/loss.svg", new MemoryStream("<svg/>"u8.ToArray()));
        var directory = run.ArtifactUri["mlflow-artifacts:/".Length..] + "/plots";

        var listing = await tracker.Http.GetFromJsonAsync<ListArtifactsResponse>(
            $"api/2.0/mlflow-artifacts/artifacts?path={Uri.EscapeDataString(directory)}", MlflowJson.Options);

        Assert.Equal([new ArtifactFile("loss.svg", false, 6)], listing!.Files);
    }

    [Theory]
    [InlineData("curve.png", "image/png")]
    [InlineData("photo.JPG", "image/jpeg")]
    [InlineData("loss.svg", "application/octet-stream")]
    [InlineData("report.html", "application/octet-stream")]
    public async Task Pictures_are_served_as_pictures_and_everything_else_as_bytes(string name, string contentType)
    {
        var run = await NewRunAsync();
        await Client.UploadArtifactAsync(run, name, new MemoryStream("x"u8.ToArray()));
        var path = run.ArtifactUri["mlflow-artifacts:/".Length..] + "/" + name;

        using var response = await tracker.Http.GetAsync($"api/2.0/mlflow-artifacts/artifacts/{path}");

        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<RunInfo> NewRunAsync() =>
        (await Client.CreateRunAsync(await tracker.NewExperimentAsync("artifacts"))).Info;

    /// <summary>Like a network stream: no length, so the client must stream it (chunked) rather than buffer it.</summary>
    private sealed class NonSeekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }

    /// <summary>Reads <paramref name="failAfter"/> bytes, then fails, as a client that dies mid-upload.</summary>
    private sealed class FailingStream(int failAfter) : Stream
    {
        private int read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (read >= failAfter) throw new IOException("the uploading process died");
            int n = Math.Min(count, failAfter - read);
            Array.Fill(buffer, (byte)7, offset, n);
            read += n;
            return n;
        }
    }
}
