using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aevlp.Registry.Api;
using Xunit;

namespace Aevlp.Testing;

/// <summary>The registry's HTTP API as a user drives it: post runs, read them, wait for a state.</summary>
public class RegistryApi(HttpClient http)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public Task<HttpResponseMessage> PostRunAsync(object request) => http.PostAsJsonAsync("/api/runs", request, JsonSerializerOptions.Web);

    public async Task<RunCreated> CreateRunAsync(object request)
    {
        var response = await PostRunAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<RunCreated>(JsonSerializerOptions.Web))!;
    }

    public async Task<Guid> StartRunAsync(object request) => (await CreateRunAsync(request)).RunId;

    public async Task<RunDetails> GetRunAsync(Guid id) =>
        (await http.GetFromJsonAsync<RunDetails>($"/api/runs/{id}", JsonSerializerOptions.Web))!;

    public Task<HttpResponseMessage> CancelRunAsync(Guid id) => http.PostAsync($"/api/runs/{id}/cancel", content: null);

    /// <summary>A model's versions; none while the model has none (the API answers 404).</summary>
    public async Task<List<ModelVersion>> VersionsAsync(string model)
    {
        using var response = await http.GetAsync($"/api/models/{model}/versions");
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<ModelVersion>>(JsonSerializerOptions.Web))!;
    }

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

    public Task<RunDetails> WaitUntilEndedAsync(Guid id, TimeSpan timeout) =>
        WaitForRunAsync(id, run => run.Run.Status.IsTerminal(), timeout);
}
