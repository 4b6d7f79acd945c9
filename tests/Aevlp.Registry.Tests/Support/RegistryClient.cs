using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aevlp.Registry.Api;
using Azure.Storage.Blobs;

namespace Aevlp.Registry.Tests.Support;

/// <summary>The registry as a user sees it: datasets in blob storage and the HTTP API.</summary>
public sealed class RegistryClient(RegistryFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

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

    public Task<HttpResponseMessage> PostRunAsync(object request) => fixture.Http.PostAsJsonAsync("/api/runs", request, JsonSerializerOptions.Web);

    public async Task<Guid> StartRunAsync(object request)
    {
        var response = await PostRunAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RunCreated>(JsonSerializerOptions.Web))!.RunId;
    }

    public async Task<RunDetails> GetRunAsync(Guid id) =>
        (await fixture.Http.GetFromJsonAsync<RunDetails>($"/api/runs/{id}", JsonSerializerOptions.Web))!;

    public async Task<RunDetails> WaitForRunAsync(Guid id, Func<RunDetails, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        RunDetails run;
        do
        {
            run = await GetRunAsync(id);
            if (condition(run)) return run;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Run {id} did not reach the expected state; it is {run.Run.Status} at {run.Run.Stage} attempt {run.Run.Attempt}.");
    }
}
