using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Contracts;
using Aevlp.Registry.Api;
using Aevlp.Registry.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace Aevlp.Registry.Tests;

/// <summary>Both doors refuse a bad request with every problem listed, naming the field and what was
/// expected; the API answers unknown ids with ProblemDetails.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RunRequestTests(RegistryFixture fixture)
{
    private readonly RegistryClient registry = new(fixture);

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task An_invalid_request_is_400_listing_every_problem()
    {
        var dataset = await registry.NewDatasetAsync();

        var response = await registry.PostRunAsync(new
        {
            dataset,
            config = new { lr = "fast", num_epochs = 0, loss = "hinge", top_k = 11 },
            sweep = new { bsize = new[] { 8, -1 } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Equal(["config.loss", "config.lr", "config.num_epochs", "config.top_k", "sweep.bsize"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("got \"fast\" (a string); expected a number > 0", Assert.Single(problem.Errors["config.lr"]));
        Assert.Equal("got 11; expected an integer ≤ num_classes (10)", Assert.Single(problem.Errors["config.top_k"]));
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task A_missing_dataset_or_version_is_named()
    {
        var dataset = await registry.NewDatasetAsync();

        var missingVersion = await ErrorsAsync(new { dataset = $"{dataset}@7" });
        var missingDataset = await ErrorsAsync(new { dataset = "no-such-dataset" });
        var malformedName = await ErrorsAsync(new { dataset = "No Such Dataset" });

        Assert.Equal($"'{dataset}@7' not found: no datasets/{dataset}/7/manifest.json; versions there: 1", Assert.Single(missingVersion["dataset"]));
        Assert.Equal("'no-such-dataset' has no version in blob storage; expected datasets/no-such-dataset/{version}/manifest.json",
            Assert.Single(missingDataset["dataset"]));
        Assert.StartsWith("got \"No Such Dataset\" (a string); expected a dataset name", Assert.Single(malformedName["dataset"]));
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task A_mistyped_body_is_400_naming_the_field()
    {
        var errors = await ErrorsAsync(new { dataset = 5 });

        Assert.Contains("$.dataset", errors.Keys);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task Malformed_json_is_400_naming_the_position()
    {
        const string body = "{\"dataset\": \"x\" \"runName\": \"y\"}";

        var errors = await ErrorsAsync(new StringContent(body, Encoding.UTF8, "application/json"));

        var at = body.IndexOf("\"runName\"", StringComparison.Ordinal);
        Assert.StartsWith($"not a valid TrainRequested at line 1, byte {at + 1}: '\"' is invalid after a value.", Assert.Single(errors["body"]));
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task A_request_without_a_dataset_is_400_naming_the_missing_field()
    {
        var errors = await ErrorsAsync(JsonContent.Create(new { runName = "no dataset" }));

        Assert.Contains("missing required properties including: 'dataset'", Assert.Single(errors["body"]));
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task A_body_that_is_not_json_is_415_naming_the_content_type()
    {
        var dataset = await registry.NewDatasetAsync();
        var content = new StringContent($"{{\"dataset\": \"{dataset}\"}}", Encoding.UTF8, "text/plain");

        var untyped = new ByteArrayContent(await content.ReadAsByteArrayAsync());

        var problem = await RefusedAsync(content, HttpStatusCode.UnsupportedMediaType);
        var noType = await RefusedAsync(untyped, HttpStatusCode.UnsupportedMediaType);

        Assert.Equal($"Content-Type: got '{content.Headers.ContentType}'; expected application/json", problem.Detail);
        Assert.Equal("Content-Type: got none; expected application/json", noType.Detail);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task An_oversized_body_is_413_naming_the_limit_whether_or_not_its_length_is_declared()
    {
        var dataset = await registry.NewDatasetAsync();
        var json = JsonSerializer.SerializeToUtf8Bytes(new { dataset, runName = new string('x', (int)TrainRequestReader.MaxBodyBytes) });
        var declared = new ByteArrayContent(json) { Headers = { ContentType = new("application/json") } };
        var chunked = new ChunkedContent(json) { Headers = { ContentType = new("application/json") } };

        var withLength = await RefusedAsync(declared, HttpStatusCode.RequestEntityTooLarge);
        var withoutLength = await RefusedAsync(chunked, HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal($"body: got {json.Length} bytes; expected at most {TrainRequestReader.MaxBodyBytes}", withLength.Detail);
        Assert.Equal($"body: got more than {TrainRequestReader.MaxBodyBytes} bytes; expected at most {TrainRequestReader.MaxBodyBytes}", withoutLength.Detail);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task An_unknown_run_id_is_404_naming_the_id()
    {
        var unknown = Guid.NewGuid();

        foreach (var response in new[] { await fixture.Http.GetAsync($"/api/runs/{unknown}"), await fixture.Http.PostAsync($"/api/runs/{unknown}/cancel", null) })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal($"There is no run {unknown}.", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
        }
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task An_invalid_request_on_the_bus_is_answered_with_RunRejected_listing_every_problem()
    {
        var key = Guid.NewGuid().ToString();

        await fixture.Bus.Publish(new TrainRequested { IdempotencyKey = key, Dataset = "no-such-dataset", Config = new JsonObject { ["lr"] = "fast" } });

        var rejected = await fixture.Messages.WaitForAsync<RunRejected>(r => r.IdempotencyKey == key);
        Assert.Equal(2, rejected.Problems.Count);
        Assert.StartsWith("dataset: 'no-such-dataset' has no version", rejected.Problems[0]);
        Assert.Equal("config.lr: got \"fast\" (a string); expected a number > 0", rejected.Problems[1]);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task Unknown_runs_and_models_are_404_problem_details()
    {
        var unknown = Guid.NewGuid();

        foreach (var response in new[]
        {
            await fixture.Http.GetAsync($"/api/runs/{unknown}"),
            await fixture.Http.PostAsync($"/api/runs/{unknown}/cancel", null),
            await fixture.Http.GetAsync("/api/models/no-such-model/versions"),
            await fixture.Http.GetAsync("/api/runs/not-a-guid"),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_in_pages()
    {
        var dataset = await registry.NewDatasetAsync();
        var first = await registry.StartRunAsync(new { dataset });
        var second = await registry.StartRunAsync(new { dataset });

        var page = (await fixture.Http.GetFromJsonAsync<PaginatedItems<RunSummary>>("/api/runs?pageSize=100"))!;
        var badPage = await fixture.Http.GetAsync("/api/runs?pageSize=0");

        var ids = page.Data.Select(run => run.Id).ToList();
        Assert.True(ids.IndexOf(second) < ids.IndexOf(first));
        Assert.True(page.Count >= 2);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var document = JsonNode.Parse(await fixture.Http.GetStringAsync("/openapi/v1.json"))!;

        var paths = document["paths"]!.AsObject().Select(path => path.Key).ToList();
        Assert.Contains("/api/runs", paths);
        Assert.Contains("/api/runs/{id}", paths);
        Assert.Contains("/api/runs/{id}/cancel", paths);
        Assert.Contains("/api/models/{name}/versions", paths);
        Assert.NotNull(document["paths"]!["/api/runs"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]);
    }

    private async Task<IDictionary<string, string[]>> ErrorsAsync(object request) =>
        await ErrorsAsync(await registry.PostRunAsync(request));

    private async Task<IDictionary<string, string[]>> ErrorsAsync(HttpContent body) =>
        await ErrorsAsync(await fixture.Http.PostAsync("/api/runs", body));

    private static async Task<IDictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors;
    }

    private async Task<ProblemDetails> RefusedAsync(HttpContent body, HttpStatusCode expected)
    {
        var response = await fixture.Http.PostAsync("/api/runs", body);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
    }

    /// <summary>A body sent chunked, without Content-Length, as a streaming client does.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
