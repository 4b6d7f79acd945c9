using System.Text.Json;
using Aevlp.Testing;
using Azure.Storage.Blobs;

namespace Aevlp.Registry.Tests.Support;

/// <summary>The registry as a user sees it: datasets in blob storage and the HTTP API.</summary>
public sealed class RegistryClient(RegistryFixture fixture) : RegistryApi(fixture.Http)
{
    /// <summary>A new dataset with a one-version manifest, so tests never share models or champions.</summary>
    public Task<string> NewDatasetAsync(int classes = 10) => AddDatasetAsync("t-" + Guid.NewGuid().ToString("N")[..10], classes);

    public async Task<string> AddDatasetAsync(string name, int classes)
    {
        var container = fixture.Blobs.GetBlobContainerClient("datasets");
        await container.CreateIfNotExistsAsync();
        var manifest = new { name, classes = Enumerable.Range(0, classes).Select(c => $"class{c}"), seed = 1, counts = new { train = 8, test = 4 } };
        await container.GetBlobClient($"{name}/1/manifest.json").UploadAsync(BinaryData.FromObjectAsJson(manifest, JsonSerializerOptions.Web));
        return name;
    }
}
