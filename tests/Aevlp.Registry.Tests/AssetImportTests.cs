using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Aevlp.Contracts;
using Aevlp.Registry.Api;
using Aevlp.Registry.Tests.Support;
using Aevlp.Storage;
using Aevlp.Testing.Python;
using Microsoft.AspNetCore.Mvc;

namespace Aevlp.Registry.Tests;

/// <summary>Teachers and pretrained weights through the registry's API: checked whole before anything is stored, every problem
/// listed, a name never changes, and a run finds them (or is refused naming what is missing and how to import it).</summary>
[Collection(RegistryCollection.Name)]
public sealed class AssetImportTests(RegistryFixture fixture) : IDisposable
{
    private static readonly string ClipFormat = Path.Combine(RepositoryRoot(), "tests", "Aevlp.ML.Tests", "Teachers", "data", "clip_format");
    private readonly RegistryClient registry = new(fixture);
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("aevlp-asset-tests-");

    public void Dispose() => temp.Delete(recursive: true);

    [PythonTorchFact]
    public async Task Weights_are_checked_stored_listed_and_never_replaced()
    {
        var name = Unique("r18");
        var file = PythonScripts.WriteTorchvisionWeights("resnet18", Path.Combine(temp.FullName, "resnet18.pth"));

        var created = await PutWeightsAsync(name, "resnet18", file);
        var again = await PutWeightsAsync(name, "resnet18", file);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var summary = (await created.Content.ReadFromJsonAsync<WeightsSummary>(JsonSerializerOptions.Web))!;
        Assert.Equal((name, "resnet18", WeightsFormat.TorchSave, "weights.pth", Sha256(file), 122, "resnet18.pth"),
            (summary.Name, summary.Arch, summary.Format, summary.File, summary.Sha256, summary.Tensors, summary.Source));
        Assert.Contains((await fixture.Http.GetFromJsonAsync<List<WeightsSummary>>("/api/weights", JsonSerializerOptions.Web))!, w => w.Name == name);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(["weights.json", "weights.pth"], await BlobsAsync(BlobLayout.Weights, name));
    }

    [PythonTorchFact]
    [Trait("Category", "BadInput")]
    public async Task Weights_of_another_architecture_a_wrong_hash_or_a_packaged_arch_are_refused_and_nothing_is_stored()
    {
        var name = Unique("wrong");
        var file = PythonScripts.WriteTorchvisionWeights("resnet50", Path.Combine(temp.FullName, "resnet50.pth"));

        var mismatched = await ErrorsAsync(await PutWeightsAsync(name, "resnet18", file));
        var badHash = await ErrorsAsync(await PutWeightsAsync(name, "resnet50", file, sha256: new string('0', 64)));
        var packaged = await ErrorsAsync(await PutWeightsAsync(name, "resnet18-dnn", file));
        var notWeights = await ErrorsAsync(await PutWeightsAsync(name, "resnet50", Path.Combine(ClipFormat, "teacher.json")));

        Assert.Contains(mismatched["file"], p => p == "layer1.0.conv1.weight is [64, 64, 1, 1] in the file, [64, 64, 3, 3] in resnet18");
        Assert.Contains(mismatched["file"], p => p == "unexpected key layer1.0.conv3.weight [256, 64, 1, 1]");
        Assert.Equal($"the body hashes to {Sha256(file)}, not {new string('0', 64)}", Assert.Single(badHash[DatasetNames.Sha256Header]));
        Assert.Equal("resnet18-dnn starts from the weights packaged with it; weights can be imported for small-cnn, resnet18, resnet50",
            Assert.Single(packaged["arch"]));
        Assert.StartsWith("teacher.json is neither a torch.save file", Assert.Single(notWeights["file"]));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync($"/api/weights/{name}")).StatusCode);
        Assert.Empty(await BlobsAsync(BlobLayout.Weights, name));
    }

    [Fact]
    public async Task A_clip_format_teacher_is_checked_stored_with_its_hash_and_never_replaced()
    {
        var name = Unique("voc");

        var created = await PutTeacherAsync(name, ClipFormat);
        var again = await PutTeacherAsync(name, ClipFormat);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var teacher = (await created.Content.ReadFromJsonAsync<TeacherSummary>(JsonSerializerOptions.Web))!;
        var files = Directory.GetFiles(ClipFormat).Select(f => (Path.GetFileName(f), Sha256(f))).ToList();
        Assert.Equal((20, 6, 32, true, FolderHash.Of(files)), (teacher.Classes.Count, teacher.EmbeddingDim, teacher.InputSize, teacher.LabelRelation, teacher.Sha256));
        Assert.Equal("aeroplane", teacher.Classes[0]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains((await fixture.Http.GetFromJsonAsync<List<TeacherSummary>>("/api/teachers", JsonSerializerOptions.Web))!, t => t.Name == name);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task A_broken_teacher_is_refused_listing_every_problem_and_nothing_is_stored()
    {
        var name = Unique("broken");
        var folder = Directory.CreateDirectory(Path.Combine(temp.FullName, "broken")).FullName;
        foreach (var file in Directory.GetFiles(ClipFormat)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        File.WriteAllBytes(Path.Combine(folder, "relation.npy"), File.ReadAllBytes(Path.Combine(ClipFormat, "class_embeddings.npy")));
        File.WriteAllBytes(Path.Combine(folder, "encoder.onnx"), [1, 2, 3]);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a teacher file");

        var errors = await ErrorsAsync(await PutTeacherAsync(name, folder));
        var missing = await ErrorsAsync(await PutTeacherAsync(name, folder, only: ["teacher.json"]));

        Assert.Equal(["notes.txt"], errors.Keys);
        Assert.StartsWith("'notes.txt' is not a teacher file", Assert.Single(errors["notes.txt"]));
        var withoutNotes = await ErrorsAsync(await PutTeacherAsync(name, folder, only: ["teacher.json", "encoder.onnx", "class_embeddings.npy", "relation.npy"]));
        Assert.Equal(["encoder.onnx", "relation.npy"], withoutNotes.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("encoder.onnx: not a readable ONNX model", Assert.Single(withoutNotes["encoder.onnx"]));
        Assert.Equal("relation.npy: has shape (20, 6), expected [20, 20] (one row and column per class)", Assert.Single(withoutNotes["relation.npy"]));
        Assert.Equal(["class_embeddings.npy", "encoder.onnx"], missing.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(await BlobsAsync(BlobLayout.Teachers, name));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync($"/api/teachers/{name}")).StatusCode);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task A_run_names_a_missing_teacher_one_for_other_classes_and_missing_weights_with_the_fix()
    {
        var dataset = await registry.NewDatasetAsync();
        var voc = Unique("voc");
        Assert.Equal(HttpStatusCode.Created, (await PutTeacherAsync(voc, ClipFormat)).StatusCode);

        var missingTeacher = await RunErrorsAsync(new { dataset, config = new { teacher = "no-such-teacher" } });
        var otherClasses = await RunErrorsAsync(new { dataset, config = new { teacher = voc } });
        // No test imports small-cnn weights (another test of this fixture imports resnet18's).
        var noWeights = await RunErrorsAsync(new { dataset, config = new { arch = "small-cnn", use_pl = false } });
        var wrongArch = await RunErrorsAsync(new { dataset, config = new { arch = "small-cnn", pretrained_weights = TestAssets.Weights, use_pl = false } });

        Assert.StartsWith("no teacher 'no-such-teacher'; teachers there: ", Assert.Single(missingTeacher["config.teacher"]));
        Assert.EndsWith("Import one with: aevlp teachers import DIR --name NAME", missingTeacher["config.teacher"][0]);
        Assert.Equal($"teacher '{voc}' has 20 classes, dataset {dataset}@1 has 10: only in the teacher: 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', " +
            "'bus', 'car', 'cat', 'chair', 'cow' and 10 more; only in the dataset: 'class0', 'class1', 'class2', 'class3', 'class4', 'class5', 'class6', " +
            "'class7', 'class8', 'class9'", Assert.Single(otherClasses["config.teacher"]));
        Assert.Equal("true, and no weights are imported for arch small-cnn. Import torchvision weights with: aevlp weights import --arch small-cnn FILE " +
            "(or set use_pretrained false to start from random weights)", Assert.Single(noWeights["config.use_pretrained"]));
        Assert.Equal($"'{TestAssets.Weights}' are weights for resnet50; the run's arch is small-cnn", Assert.Single(wrongArch["config.pretrained_weights"]));
    }

    [Fact]
    public async Task A_run_without_pretrained_weights_takes_the_newest_for_its_arch_and_records_what_it_uses()
    {
        var dataset = await registry.NewDatasetAsync();

        var runId = await registry.StartRunAsync(new { dataset, config = new { beta = new[] { 0, 2, -2, -2 } } });
        var explicitly = await registry.StartRunAsync(new { dataset, config = new { use_pl = false, pretrained_weights = TestAssets.Weights, loss = "an", beta = new[] { 0, 1, 0, 1 } } });

        var run = await registry.GetRunAsync(runId);
        Assert.Equal(TestAssets.Weights, (string?)run.Config["pretrained_weights"]);
        Assert.Contains($"pretrained_weights: {TestAssets.Weights}, the newest weights imported for resnet50", run.Notes.AsArray().Select(n => (string?)n));
        Assert.Equal(TestAssets.Weights, (string?)run.Assets["weights"]!["name"]);
        Assert.Equal(new string('a', 64), (string?)run.Assets["weights"]!["sha256"]);
        Assert.Equal("clip-vit-b16", (string?)run.Assets["teacher"]!["name"]);
        var other = await registry.GetRunAsync(explicitly);
        Assert.Null(other.Assets["teacher"]);
        Assert.Contains("config.beta has no effect: loss an does not read it", other.Notes.AsArray().Select(n => (string?)n));
    }

    private async Task<HttpResponseMessage> PutWeightsAsync(string name, string arch, string file, string? sha256 = null)
    {
        using var content = new StreamContent(File.OpenRead(file));
        content.Headers.Add(DatasetNames.Sha256Header, sha256 ?? Sha256(file));
        return await PutAsync($"/api/weights/{name}?arch={arch}&source={Path.GetFileName(file)}", content);
    }

    private async Task<HttpResponseMessage> PutTeacherAsync(string name, string folder, string[]? only = null)
    {
        using var form = new MultipartFormDataContent();
        foreach (var file in Directory.GetFiles(folder).Where(f => only is null || only.Contains(Path.GetFileName(f))))
        {
            var part = new ByteArrayContent(File.ReadAllBytes(file));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            part.Headers.Add(DatasetNames.Sha256Header, Sha256(file));
            form.Add(part, "files", Path.GetFileName(file));
        }
        return await PutAsync($"/api/teachers/{name}", form);
    }

    /// <summary>As a client of large uploads does (curl too): the registry may refuse before the body is sent.</summary>
    private Task<HttpResponseMessage> PutAsync(string path, HttpContent content) =>
        fixture.Http.SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = content, Headers = { ExpectContinue = true } });

    private async Task<IDictionary<string, string[]>> RunErrorsAsync(object request) => await ErrorsAsync(await registry.PostRunAsync(request));

    private static async Task<IDictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors;
    }

    private async Task<List<string>> BlobsAsync(string container, string name)
    {
        var client = fixture.Blobs.GetBlobContainerClient(container);
        var names = new List<string>();
        if (!await client.ExistsAsync()) return names;
        await foreach (var blob in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{name}/", CancellationToken.None)) names.Add(blob.Name[(name.Length + 1)..]);
        return names;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private static string RepositoryRoot() => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
}
