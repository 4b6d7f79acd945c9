using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Api;

/// <summary>runs/log-inputs as MLflow's server checks it: each dataset has a name, digest, source type and source within
/// MLflow's lengths, and each input tag a key and a value within theirs. The first problem is the answer, naming its place.</summary>
public static class DatasetInputRules
{
    public static IReadOnlyList<DatasetInput> Check(IReadOnlyList<DatasetInput>? inputs) =>
        [.. (inputs ?? []).Select((input, i) => Check(input, $"datasets[{i}]"))];

    private static DatasetInput Check(DatasetInput input, string at)
    {
        var dataset = input.Dataset ?? throw MlflowError.Invalid($"Missing value for required parameter '{at}.dataset'.");
        return new DatasetInput(
            new Dataset(
                Within(dataset.Name, MlflowLimits.MaxDatasetNameLength, $"{at}.dataset.name"),
                Within(dataset.Digest, MlflowLimits.MaxDatasetDigestLength, $"{at}.dataset.digest"),
                Require.Field(dataset.SourceType, $"{at}.dataset.source_type"),
                Within(dataset.Source, MlflowLimits.MaxDatasetSourceLength, $"{at}.dataset.source"),
                Optional(dataset.Schema, MlflowLimits.MaxDatasetSchemaLength, $"{at}.dataset.schema"),
                Optional(dataset.Profile, MlflowLimits.MaxDatasetProfileLength, $"{at}.dataset.profile")),
            [.. (input.Tags ?? []).Select((tag, t) => new InputTag(
                Within(tag.Key, MlflowLimits.MaxInputTagKeyLength, $"{at}.tags[{t}].key"),
                Within(tag.Value, MlflowLimits.MaxInputTagValueLength, $"{at}.tags[{t}].value")))]);
    }

    private static string Within(string? value, int maxLength, string field) => Optional(Require.Field(value, field), maxLength, field)!;

    private static string? Optional(string? value, int maxLength, string field) =>
        value is { Length: var length } && length > maxLength
            ? throw MlflowError.Invalid($"'{field}' is {length} characters; at most {maxLength} are allowed.")
            : value;
}
