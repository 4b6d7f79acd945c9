using System.Text.Json.Nodes;

namespace Aevlp.Configuration.Search;

/// <summary>Where a search draws one config key from: <c>{"choice": [8, 16]}</c>, <c>{"uniform": [0.5, 1]}</c> or
/// <c>{"logUniform": [1e-5, 1e-3]}</c>.</summary>
public abstract record ParameterRange
{
    public abstract JsonNode Sample(Random random);

    public abstract JsonObject ToJson();

    /// <summary>The values a grid visits; null for a continuous range, which a grid cannot enumerate.</summary>
    public virtual IReadOnlyList<JsonNode?>? GridValues => null;

    /// <summary>Values the key's rule must accept for the range to make sense (every choice; both ends of a range).</summary>
    public abstract IEnumerable<JsonNode?> ValuesToCheck { get; }
}

public sealed record ChoiceRange(IReadOnlyList<JsonNode?> Values) : ParameterRange
{
    public override JsonNode Sample(Random random) => Values[random.Next(Values.Count)]?.DeepClone()!;

    public override JsonObject ToJson() => new() { ["choice"] = new JsonArray([.. Values.Select(value => value?.DeepClone())]) };

    public override IReadOnlyList<JsonNode?> GridValues => Values;

    public override IEnumerable<JsonNode?> ValuesToCheck => Values;
}

public sealed record UniformRange(double Low, double High) : ParameterRange
{
    public override JsonNode Sample(Random random) => JsonValue.Create(Low + random.NextDouble() * (High - Low));

    public override JsonObject ToJson() => new() { ["uniform"] = new JsonArray(Low, High) };

    public override IEnumerable<JsonNode?> ValuesToCheck => [JsonValue.Create(Low), JsonValue.Create(High)];
}

/// <summary>Uniform in log space, as learning rates are searched: each decade is equally likely.</summary>
public sealed record LogUniformRange(double Low, double High) : ParameterRange
{
    public override JsonNode Sample(Random random) =>
        JsonValue.Create(Math.Exp(Math.Log(Low) + random.NextDouble() * (Math.Log(High) - Math.Log(Low))));

    public override JsonObject ToJson() => new() { ["logUniform"] = new JsonArray(Low, High) };

    public override IEnumerable<JsonNode?> ValuesToCheck => [JsonValue.Create(Low), JsonValue.Create(High)];
}
