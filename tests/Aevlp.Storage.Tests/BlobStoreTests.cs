using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Aevlp.Storage.Tests;

[Collection(BlobsCollection.Name)]
public sealed class BlobStoreTests(BlobsFixture blobs)
{
    [Fact]
    public async Task A_failed_upload_leaves_nothing_under_the_final_name()
    {
        var store = await blobs.StoreAsync();
        var path = BlobLayout.Run(Guid.NewGuid(), "checkpoint.pt");

        await Assert.ThrowsAsync<IOException>(() => store.UploadAsync(path, new FailingStream(failAfterBytes: 9 << 20), CancellationToken.None));

        Assert.False(await store.ExistsAsync(path, CancellationToken.None));
    }

    [Fact]
    public async Task A_large_upload_streams_and_round_trips()
    {
        var store = await blobs.StoreAsync();
        var path = BlobLayout.Run(Guid.NewGuid(), "model.onnx");
        var content = RandomNumberGenerator.GetBytes(12 << 20);

        await store.UploadAsync(path, new MemoryStream(content), CancellationToken.None);

        var downloaded = await store.TryDownloadAsync(path, CancellationToken.None);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(downloaded!.ToArray()));
    }

    [Fact]
    public async Task TryCreate_lets_exactly_one_of_several_writers_win()
    {
        var store = await blobs.StoreAsync();
        var path = BlobLayout.Dataset("race", "1", "manifest.json");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            store.TryCreateAsync(path, BinaryData.FromString($"writer {i}").ToStream(), CancellationToken.None)));

        Assert.Single(outcomes, won => won);
    }

    [Fact]
    public async Task Containers_are_private()
    {
        var store = await blobs.StoreAsync();
        await store.EnsureContainersAsync(CancellationToken.None);

        foreach (var container in BlobLayout.Containers)
        {
            var properties = await store.Blob(new BlobPath(container, "x")).GetParentBlobContainerClient().GetPropertiesAsync();
            Assert.Equal(PublicAccessType.None, properties.Value.PublicAccess);
        }
    }

    [Fact]
    public void Blob_paths_parse_and_print_as_container_slash_name()
    {
        var path = BlobLayout.Run(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), "model.onnx");

        Assert.Equal("runs/0f8fad5bd9cb469fa16570867728950e/model.onnx", path.ToString());
        Assert.Equal(path, BlobPath.Parse(path.ToString()));
        var error = Assert.Throws<ArgumentException>(() => BlobPath.Parse("no-slash"));
        Assert.Contains("'no-slash' is not of the form container/name", error.Message);
    }

    /// <summary>A source that breaks part-way, as a dying worker's upload would.</summary>
    private sealed class FailingStream(int failAfterBytes) : Stream
    {
        private long position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (position >= failAfterBytes) throw new IOException("source broke mid-upload");
            var n = (int)Math.Min(count, failAfterBytes - position);
            Array.Fill(buffer, (byte)7, offset, n);
            position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
