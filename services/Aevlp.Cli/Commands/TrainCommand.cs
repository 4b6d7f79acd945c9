using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Cli.Output;
using Aevlp.Contracts;
using Aevlp.Registry.Api;

namespace Aevlp.Cli.Commands;

/// <summary><c>aevlp train --config FILE|NAME [--dataset NAME] [--set key=value]… [--sweep key=v1,v2… | --search FILE] [--wait]</c>:
/// POSTs a <see cref="TrainRequested"/> to /api/runs. The config's keys are the run's config (a released AEVLP config or
/// configs/{dataset}.json loads as is; a NAME that is no file is the registry's configs/NAME.json), <c>--set</c> overrides
/// them, and its <c>dataset</c> key names the dataset unless <c>--dataset</c> does.</summary>
public static class TrainCommand
{
    public static Command Create(CliConsole console)
    {
        var config = new Option<string>("--config")
        {
            Description = "A JSON file of config keys (e.g. configs/fashion-mosaic.json), or the name of one of the registry's configs (e.g. pascal)",
            Required = true,
        };
        var dataset = new Option<string?>("--dataset") { Description = "NAME or NAME@VERSION [default: the config's \"dataset\"]" };
        var set = KeyValues("--set", "Override one config key: key=value (value as JSON when it parses: 0.001, true, [0,2]; text otherwise)");
        var sweep = KeyValues("--sweep", "Sweep a key over values: key=v1,v2,…; one child run per combination");
        var search = new Option<string?>("--search")
        {
            Description = "A JSON file holding a search object (method, trials, maxConcurrent, space, earlyStopping; docs/search.md); one child run per trial",
        };
        var name = new Option<string?>("--name") { Description = "The run's name in the API and the tracker" };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "The same key again gives the same run" };
        var wait = new Option<bool>("--wait") { Description = "Watch the run until it ends; exit code 1 when it FAILED, was KILLED or PRUNED" };
        var train = new Command("train", "Start a training run (or a sweep, or a search)") { config, dataset, set, sweep, search, name, idempotencyKey, wait };
        train.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var values = await ConfigAsync(invocation, invocation.Value(config));
            var request = Request(values, invocation.Value(dataset), invocation.Value(set), invocation.Value(sweep)) with
            {
                Search = invocation.Value(search) is { } file ? JsonFile.ReadObject(file, "a search object") : null,
                RunName = invocation.Value(name),
                IdempotencyKey = invocation.Value(idempotencyKey),
                RequestedBy = Environment.UserName,
            };
            var created = await invocation.Registry.PostAsync<RunCreated>("/api/runs", request, invocation.Cancellation);
            if (!invocation.Json || !invocation.Value(wait))
            {
                if (invocation.Json) await Show.JsonAsync(invocation, created);
                else await invocation.Console.Out.WriteLineAsync($"run {created.RunId} {(created.Created ? "accepted" : "already exists (same idempotency key)")}");
            }
            return invocation.Value(wait) ? await RunWatcher.WatchAsync(invocation, created.RunId) : ExitCodes.Ok;
        }));
        return train;
    }

    /// <summary>The config a <c>--config</c> value names: a JSON file when one is there, else the registry's config of that name.</summary>
    private static async Task<ConfigSource> ConfigAsync(Invocation invocation, string config)
    {
        if (File.Exists(config)) return ConfigSource.FromFile(config);
        if (config.Contains('/') || config.EndsWith(".json", StringComparison.Ordinal)) throw new UsageException($"{config}: no such file");
        var names = await invocation.Registry.GetAsync<List<string>>("/api/configs", invocation.Cancellation);
        if (!names.Contains(config))
            throw new UsageException($"'{config}' is neither a file nor one of the registry's configs ({string.Join(", ", names)})");
        return new ConfigSource($"the registry's config {config}", await invocation.Registry.GetAsync<JsonObject>($"/api/configs/{config}", invocation.Cancellation));
    }

    public static TrainRequested Request(ConfigSource source, string? dataset, string[] set, string[] sweep)
    {
        var config = (JsonObject)source.Values.DeepClone();
        foreach (var (key, value) in set.Select(Split)) config[key] = Value(value);
        var chosen = dataset ?? (config["dataset"]?.GetValueKind() == JsonValueKind.String ? (string?)config["dataset"] : null)
            ?? throw new UsageException($"no dataset: give --dataset NAME or a \"dataset\" key in {source.Name}");
        if (dataset is not null) config.Remove("dataset");
        return new TrainRequested
        {
            Dataset = chosen,
            Config = config,
            Sweep = sweep.Length == 0 ? null : sweep.Select(Split).ToDictionary(kv => kv.Key, kv => new JsonArray([.. kv.Value.Split(',').Select(Value)])),
        };
    }

    private static Option<string[]> KeyValues(string name, string description)
    {
        var option = new Option<string[]>(name) { Description = description, DefaultValueFactory = _ => [] };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => !t.Value.Contains('=') || t.Value.StartsWith('=')))
                result.AddError($"{name} '{token.Value}': expected key=value");
        });
        return option;
    }

    private static (string Key, string Value) Split(string keyValue)
    {
        var at = keyValue.IndexOf('=');
        return (keyValue[..at], keyValue[(at + 1)..]);
    }

    private static JsonNode? Value(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}

/// <summary>A run's config keys and where they came from (a file, or a config the registry holds), for messages.</summary>
public sealed record ConfigSource(string Name, JsonObject Values)
{
    public static ConfigSource FromFile(string path) => new(Path.GetFileName(path), JsonFile.ReadObject(path, "a JSON object of config keys"));
}

/// <summary>A JSON object from a file the user named, or a usage error naming the file and what is wrong.</summary>
public static class JsonFile
{
    public static JsonObject ReadObject(string path, string expected)
    {
        if (!File.Exists(path)) throw new UsageException($"{path}: no such file");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new UsageException($"{Path.GetFullPath(path)}: expected {expected}");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{Path.GetFullPath(path)}: not valid JSON: {e.Message}");
        }
    }
}
