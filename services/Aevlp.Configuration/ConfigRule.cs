using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aevlp.Configuration;

/// <summary>What values a config key accepts, with the wording used in error messages.</summary>
public sealed class ConfigRule
{
    private readonly Func<JsonNode?, bool> accepts;

    private ConfigRule(string expected, Func<JsonNode?, bool> accepts)
    {
        Expected = expected;
        this.accepts = accepts;
    }

    /// <summary>"a number > 0", "one of adam, sgd", …</summary>
    public string Expected { get; }

    public bool Accepts(JsonNode? value) => accepts(value);

    public static ConfigRule Number() => new("a number", value => AsNumber(value) is not null);

    public static ConfigRule Positive() => new("a number > 0", value => AsNumber(value) is > 0);

    public static ConfigRule NonNegative() => new("a number ≥ 0", value => AsNumber(value) is >= 0);

    public static ConfigRule Fraction() => new("a number in [0, 1]", value => AsNumber(value) is >= 0 and <= 1);

    public static ConfigRule Integer(long min) => new($"an integer ≥ {min}", value => AsInteger(value) >= min);

    public static ConfigRule Boolean() => new("true or false", value => value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False);

    /// <summary>A switch the platform only accepts off, because what "on" does in the released code is not built here.</summary>
    public static ConfigRule False(string why) => new($"false ({why})", value => value?.GetValueKind() is JsonValueKind.False);

    public static ConfigRule Text() => new("a string", value => value?.GetValueKind() is JsonValueKind.String);

    public static ConfigRule OneOf(params string[] choices) =>
        new($"one of {string.Join(", ", choices)}", value => AsText(value) is { } text && choices.Contains(text, StringComparer.Ordinal));

    public static ConfigRule Numbers(int count) =>
        new($"a list of {count} numbers", value => value is JsonArray items && items.Count == count && items.All(item => AsNumber(item) is not null));

    // Through the JSON text: a JsonValue built from an int (not parsed) refuses GetValue<double>().
    public static double? AsNumber(JsonNode? value) =>
        value is JsonValue number && number.GetValueKind() == JsonValueKind.Number
            ? double.Parse(number.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    public static long? AsInteger(JsonNode? value) =>
        AsNumber(value) is { } number && Math.Floor(number) == number && Math.Abs(number) < 1e15 ? (long)number : null;

    public static string? AsText(JsonNode? value) =>
        value is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : null;
}
