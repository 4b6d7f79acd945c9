using System.Security.Cryptography;

namespace Aevlp.Storage.Tests;

[Collection(BlobsCollection.Name)]
public sealed class VerifiedUploadTests(BlobsFixture blobs)
{
    private static readonly byte[] Content = RandomNumberGenerator.GetBytes((9 << 20) + 5);
    private static readonly string Sha256 = Convert.ToHexStringLower(SHA256.HashData(Content));

    [Fact]
    public async Task A_matching_upload_is_committed_with_its_hash_in_the_listing()
    {
        var store = await blobs.StoreAsync();
        var path = BlobLayout.Dataset("verified", Guid.NewGuid().ToString("N"), "images/a.png");

        Assert.Equal(VerifiedUpload.Committed, await store.UploadVerifiedAsync(path, new MemoryStream(Content), Sha256, Content.Length, CancellationToken.None));

        var listed = Assert.Single(await store.ListHashedAsync(path.Container, path.Name, CancellationToken.None));
        Assert.Equal(new HashedBlob(path.Name, Content.Length, Sha256, listed.LastModified), listed);
        Assert.NotNull(listed.LastModified);
    }

    [Theory]
    [InlineData(VerifiedUpload.HashMismatch)]
    [InlineData(VerifiedUpload.TooLarge)]
    public async Task A_wrong_hash_or_an_oversized_body_leaves_nothing(VerifiedUpload expected)
    {
        var store = await blobs.StoreAsync();
        var path = BlobLayout.Dataset("verified", Guid.NewGuid().ToString("N"), "labels.npy");
        var (sha256, maxBytes) = expected == VerifiedUpload.TooLarge ? (Sha256, Content.Length - 1L) : (new string('0', 64), Content.Length);

        Assert.Equal(expected, await store.UploadVerifiedAsync(path, new MemoryStream(Content), sha256, maxBytes, CancellationToken.None));

        Assert.False(await store.ExistsAsync(path, CancellationToken.None));
    }
}
