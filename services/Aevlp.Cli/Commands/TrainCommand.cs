using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aevlp.Cli.Output;
using Aevlp.Contracts;
using Aevlp.Registry.Api;

namespace Aevlp.Cli.Commands;

/// <summary><c>aevlp train --config FILE [--dataset NAME] [--set key=value]… [--sweep key=v1,v2…] [--wait]</c>:
/// POSTs a <see cref="TrainRequested"/> to /api/runs. The config file's keys are the run's config (a released
/// AEVLP config or configs/{dataset}.json loads as is), <c>--set</c> overrides them, and its <c>dataset</c> key
/// names the dataset unless <c>--dataset</c> does.</summary>
public static class TrainCommand
{
    public static Command Create(CliConsole console)
    {
        var config = new Option<FileInfo>("--config") { Description = "JSON file of config keys (e.g. configs/fashion-mosaic.json)", Required = true }
            .AcceptExistingOnly();
        var dataset = new Option<string?>("--dataset") { Description = "NAME or NAME@VERSION [default: the config's \"dataset\"]" };
        var set = KeyValues("--set", "Override one config key: key=value (value as JSON when it parses: 0.001, true, [0,2]; text otherwise)");
        var sweep = KeyValues("--sweep", "Sweep a key over values: key=v1,v2,…; one child run per combination");
        var name = new Option<string?>("--name") { Description = "The run's name in the API and the tracker" };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "The same key again gives the same run" };
        var wait = new Option<bool>("--wait") { Description = "Watch the run until it ends; exit code 1 when it FAILED or was KILLED" };
        var train = new Command("train", "Start a training run (or a sweep)") { config, dataset, set, sweep, name, idempotencyKey, wait };
        train.SetAction(AevlpCli.Action(console, async invocation =>
        {
            var request = Request(invocation.Value(config), invocation.Value(dataset), invocation.Value(set), invocation.Value(sweep)) with
            {
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

    public static TrainRequested Request(FileInfo configFile, string? dataset, string[] set, string[] sweep)
    {
        JsonObject config;
        try
        {
            config = JsonNode.Parse(File.ReadAllText(configFile.FullName)) as JsonObject
                ?? throw new UsageException($"{configFile.FullName}: expected a JSON object of config keys");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{configFile.FullName}: not valid JSON: {e.Message}");
        }
        foreach (var (key, value) in set.Select(Split)) config[key] = Value(value);
        var chosen = dataset ?? (config["dataset"]?.GetValueKind() == JsonValueKind.String ? (string?)config["dataset"] : null)
            ?? throw new UsageException($"no dataset: give --dataset NAME or a \"dataset\" key in {configFile.Name}");
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
