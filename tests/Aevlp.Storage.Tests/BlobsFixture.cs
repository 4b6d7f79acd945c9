using Aevlp.Testing;
using Aspire.Hosting.Testing;
using Azure.Storage.Blobs;

namespace Aevlp.Storage.Tests;

public sealed class BlobsFixture : AppHostFixture
{
    protected override string[] Resources => ["blobs"];

    protected override Action<IDistributedApplicationTestingBuilder> Configure => AppModel.Only();

    public async Task<BlobStore> StoreAsync() => new(new BlobServiceClient(await ConnectionStringAsync("blobs")));
}

[CollectionDefinition(Name)]
public sealed class BlobsCollection : ICollectionFixture<BlobsFixture>
{
    public const string Name = "blobs";
}
