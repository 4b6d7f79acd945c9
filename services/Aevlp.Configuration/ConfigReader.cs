using System.Text.Json.Nodes;
using Aevlp.Contracts;

namespace Aevlp.Configuration;

/// <summary>Typed reads of a resolved config's keys, each checked against the key's rule, so a config that skipped
/// the resolver (a hand-written message) fails with the key's name (<see cref="InvalidInputException"/>) instead of a cast error.</summary>
internal sealed class ConfigReader(JsonObject config)
{
    public string Text(string key) => ConfigRule.AsText(Checked(key))!;

    public string? OptionalText(string key) => config[key] is null ? null : Text(key);

    public double Number(string key) => ConfigRule.AsNumber(Checked(key))!.Value;

    public int Integer(string key) => (int)ConfigRule.AsInteger(Checked(key))!.Value;

    public int? OptionalInteger(string key) => config[key] is null ? null : Integer(key);

    public bool Flag(string key) => Checked(key)!.GetValue<bool>();

    public IReadOnlyList<double> Numbers(string key) => [.. Checked(key)!.AsArray().Select(item => ConfigRule.AsNumber(item)!.Value)];

    public T Choice<T>(string key, ConfigNames<T> names) where T : struct, Enum => names.Parse(Text(key));

    private JsonNode? Checked(string key)
    {
        var rule = RunConfigSchema.Fields[key].Rule;
        var value = config[key];
        if (value is null && !config.ContainsKey(key)) throw new InvalidInputException($"config.{key}: missing; expected {rule.Expected}");
        if (!rule.Accepts(value)) throw new InvalidInputException($"config.{key}: got {RunConfigResolver.Describe(value)}; expected {rule.Expected}");
        return value;
    }
}
