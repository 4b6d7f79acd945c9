using System.Globalization;
using System.Text.RegularExpressions;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Api;

/// <summary>Checks of request fields, each failing with INVALID_PARAMETER_VALUE that names the field and what was expected.</summary>
public static partial class Require
{
    public static string Field(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw MlflowError.Invalid($"Missing value for required parameter '{field}'.") : value;

    public static T Field<T>(T? value, string field) where T : struct =>
        value ?? throw MlflowError.Invalid($"Missing value for required parameter '{field}'.");

    public static string RunId(IRunRequest request) =>
        Field(string.IsNullOrEmpty(request.RunId) ? request.RunUuid : request.RunId, "run_id");

    public static long ExperimentId(string? value, string field = "experiment_id") =>
        long.TryParse(Field(value, field), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw MlflowError.Invalid($"Invalid value '{value}' for parameter '{field}': expected a decimal experiment id.");

    public static int Version(string? value, string field = "version") =>
        int.TryParse(Field(value, field), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw MlflowError.Invalid($"Invalid value '{value}' for parameter '{field}': expected a positive integer version.");

    public static int MaxResults(int? value, int defaultValue, int limit, string field = "max_results") =>
        value switch
        {
            null => defaultValue,
            < 1 => throw MlflowError.Invalid($"Invalid value {value} for parameter '{field}': expected a positive number."),
            _ when value > limit => throw MlflowError.Invalid($"Invalid value {value} for parameter '{field}': at most {limit} is allowed."),
            _ => value.Value,
        };

    /// <summary>MLflow's rule for metric, param and tag keys: letters, digits, _ - . space and /, no ".." segment.</summary>
    public static string Key(string? key, string field = "key")
    {
        var value = Field(key, field);
        if (value.Length > MlflowLimits.MaxKeyLength)
            throw MlflowError.Invalid($"Key '{value[..40]}…' in '{field}' is {value.Length} characters; at most {MlflowLimits.MaxKeyLength} are allowed.");
        if (!KeyPattern().IsMatch(value) || value.Split('/').Any(segment => segment == ".."))
            throw MlflowError.Invalid($"Invalid key '{value}' in '{field}': names may only contain letters, digits, underscores, dashes, periods, spaces and slashes, and no '..' segment.");
        return value;
    }

    public static string Value(string? value, int maxLength, string what, string key) =>
        value is null ? throw MlflowError.Invalid($"Missing value for {what} '{key}'.")
        : value.Length > maxLength ? throw MlflowError.Invalid($"The {what} value of '{key}' is {value.Length} characters; at most {maxLength} are allowed.")
        : value;

    /// <summary>Request tags, checked (key rule, value length) and de-duplicated: the last value of a key wins.</summary>
    public static IReadOnlyList<T> Tags<T>(IEnumerable<T>? tags, Func<T, string> key, Func<T, string> value, Func<string, string, T> create) =>
        (tags ?? []).Select(t => create(Key(key(t), "tags.key"), Value(value(t), MlflowLimits.MaxTagValueLength, "tag", key(t))))
            .GroupBy(key).Select(g => g.Last()).ToArray();

    /// <summary>Params checked (key rule, value length) and de-duplicated; a key given two values in one request is
    /// refused, since a param, once logged, keeps its value.</summary>
    public static IReadOnlyList<T> Params<T>(IEnumerable<T>? @params, Func<T, string?> key, Func<T, string?> value,
        Func<string, string, T> create, string owner)
    {
        var valid = (@params ?? []).Select(p => (Key: Key(key(p), "params.key"), Value: Value(value(p), MlflowLimits.MaxParamValueLength, "param", key(p)!)))
            .ToArray();
        if (valid.GroupBy(p => p.Key).FirstOrDefault(g => g.Select(p => p.Value).Distinct().Count() > 1) is { } clash)
            throw MlflowError.Invalid($"Duplicate parameter key '{clash.Key}' with different values in one batch for {owner}.");
        return valid.DistinctBy(p => p.Key).Select(p => create(p.Key, p.Value)).ToArray();
    }

    public static string OneOf(string value, IReadOnlyList<string> allowed, string field) =>
        allowed.Contains(value) ? value : throw MlflowError.Invalid($"Invalid value '{value}' for parameter '{field}': expected one of {string.Join(", ", allowed)}.");

    [GeneratedRegex(@"^[\w\-. /]+$")]
    private static partial Regex KeyPattern();
}
