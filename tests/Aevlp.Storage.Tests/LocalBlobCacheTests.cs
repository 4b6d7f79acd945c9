namespace Aevlp.Storage.Tests;

[Collection(BlobsCollection.Name)]
public sealed class LocalBlobCacheTests(BlobsFixture blobs) : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("aevlp-cache-").FullName;

    [Fact]
    public async Task A_folder_is_fetched_whole_once_even_by_concurrent_callers()
    {
        var store = await blobs.StoreAsync();
        var version = Guid.NewGuid().ToString("N");
        foreach (var file in new[] { "manifest.json", "images/a.png", "images/b.png" })
        {
            await store.UploadAsync(BlobLayout.Dataset("cached", version, file), BinaryData.FromString(file).ToStream(), CancellationToken.None);
        }
        var cache = new LocalBlobCache(store, root);

        var folders = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            cache.GetFolderAsync(BlobLayout.Datasets, $"cached/{version}", CancellationToken.None)));

        var folder = Assert.Single(folders.Distinct());
        Assert.Equal("images/b.png", File.ReadAllText(Path.Combine(folder, "images", "b.png")));
        Assert.Equal(3, Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length);
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(folder)!, "*.partial-*"));
    }

    [Fact]
    public async Task A_folder_written_anew_is_fetched_again_never_served_stale()
    {
        var store = await blobs.StoreAsync();
        var version = Guid.NewGuid().ToString("N");
        var manifest = BlobLayout.Dataset("rewritten", version, "manifest.json");
        await store.UploadAsync(manifest, BinaryData.FromString("first").ToStream(), CancellationToken.None);
        var cache = new LocalBlobCache(store, root);
        var first = await cache.GetFolderAsync(BlobLayout.Datasets, $"rewritten/{version}", CancellationToken.None);

        await store.UploadAsync(manifest, BinaryData.FromString("second").ToStream(), CancellationToken.None);
        var second = await cache.GetFolderAsync(BlobLayout.Datasets, $"rewritten/{version}", CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal("second", File.ReadAllText(Path.Combine(second, "manifest.json")));
    }

    [Fact]
    public async Task A_missing_folder_names_what_was_looked_for()
    {
        var cache = new LocalBlobCache(await blobs.StoreAsync(), root);

        var error = await Assert.ThrowsAsync<MissingBlobsException>(() =>
            cache.GetFolderAsync(BlobLayout.Teachers, "no-such-teacher", CancellationToken.None));

        Assert.Contains("teachers/no-such-teacher/", error.Message);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
