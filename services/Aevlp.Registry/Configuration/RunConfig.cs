using System.Text.Json.Nodes;

namespace Aevlp.Registry.Configuration;

/// <summary>A resolved, valid config, with typed access to the keys the pipeline routes on. The trainer
/// reads the rest from <see cref="Values"/>.</summary>
public sealed class RunConfig(JsonObject values)
{
    public JsonObject Values { get; } = values;

    public bool UsePseudoLabels => Values["use_pl"]!.GetValue<bool>();

    public string Teacher => Values["teacher"]!.GetValue<string>();

    public int GridSize => Integer("grid_size");

    public int Variants => Integer("variants");

    private int Integer(string key) => (int)ConfigRule.AsInteger(Values[key])!.Value;
}
