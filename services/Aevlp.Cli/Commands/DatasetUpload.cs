using System.Net.Http.Headers;
using Aevlp.Cli.Output;
using Aevlp.Contracts;
using Aevlp.ML.Data;
using Aevlp.Registry.Api;
using Spectre.Console;

namespace Aevlp.Cli.Commands;

/// <summary>A dataset version ready to upload: each local file by its path inside the version, and the manifest
/// that lists them with their SHA-256.</summary>
public sealed record DatasetUpload(IReadOnlyDictionary<string, string> Files, DatasetManifest Manifest)
{
    private const int ParallelUploads = 4;

    /// <summary>Uploads through the registry: every file the chosen version lacks (or holds with another hash),
    /// then the manifest, which makes the version exist. The version is the newest incomplete one when it holds
    /// nothing but files of this upload (an interrupted import of the same data resumes), else the next number.</summary>
    public async Task<int> UploadAsync(Invocation invocation)
    {
        var (name, ct) = (Manifest.Name, invocation.Cancellation);
        var datasets = await invocation.Registry.GetAsync<List<DatasetSummary>>("/api/datasets", ct);
        var versions = datasets.FirstOrDefault(d => d.Name == name)?.Versions ?? [];
        var (version, stored) = await ChooseVersionAsync(invocation, versions);
        var pending = Manifest.Sha256.Where(file => stored.GetValueOrDefault(file.Key) != file.Value).Select(file => file.Key).ToList();

        if (invocation.Console.IsTerminal && !invocation.Json)
        {
            await invocation.Console.Ansi().Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask($"uploading {pending.Count} files to {name}@{version}", maxValue: Math.Max(1, pending.Count));
                    await UploadFilesAsync(invocation, version, pending, () => bar.Increment(1));
                });
        }
        else
        {
            await UploadFilesAsync(invocation, version, pending, () => { });
        }

        using var manifest = new ByteArrayContent(Manifest.ToJsonBytes());
        manifest.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await invocation.Registry.PutAsync($"/api/datasets/{name}/{version}/manifest", manifest, ct);

        var skipped = Manifest.Sha256.Count - pending.Count;
        if (invocation.Json) await Show.JsonAsync(invocation, new DatasetImported(name, version, pending.Count, skipped));
        else await invocation.Console.Out.WriteLineAsync($"imported {name}@{version}: {pending.Count} files uploaded, {skipped} already there");
        return ExitCodes.Ok;
    }

    private async Task<(string Version, Dictionary<string, string?> Stored)> ChooseVersionAsync(Invocation invocation,
        IReadOnlyList<DatasetVersionInfo> versions)
    {
        if (versions.LastOrDefault(v => !v.Complete) is { } incomplete)
        {
            var stored = (await invocation.Registry.GetAsync<List<DatasetFile>>($"/api/datasets/{Manifest.Name}/{incomplete.Version}/files",
                invocation.Cancellation)).ToDictionary(file => file.Path, file => file.Sha256);
            if (stored.Keys.All(Manifest.Sha256.ContainsKey)) return (incomplete.Version, stored);
        }
        var next = versions.Select(v => long.TryParse(v.Version, out var number) ? number : 0).DefaultIfEmpty(0).Max() + 1;
        return (next.ToString(), []);
    }

    private async Task UploadFilesAsync(Invocation invocation, string version, List<string> paths, Action uploaded) =>
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = ParallelUploads, CancellationToken = invocation.Cancellation },
            async (path, ct) =>
            {
                await using var file = File.OpenRead(Files[path]);
                using var content = new StreamContent(file);
                content.Headers.Add(DatasetNames.Sha256Header, Manifest.Sha256[path]);
                await invocation.Registry.PutAsync($"/api/datasets/{Manifest.Name}/{version}/files/{path}", content, ct);
                uploaded();
            });
}

/// <summary>What <c>datasets import --json</c> and <c>datasets synth --json</c> print: the version written, the files
/// uploaded and those already stored with the same hash.</summary>
public sealed record DatasetImported(string Name, string Version, int Uploaded, int Skipped);
