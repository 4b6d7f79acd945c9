using System.Text.Json;
using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.LoggedModels;

/// <summary>MLflow's checks of logged-model requests, each failing with INVALID_PARAMETER_VALUE naming what was wrong.</summary>
public static class LoggedModelRules
{
    // MLflow refuses these in a model name: they would break models:/ URIs and artifact paths.
    private static readonly char[] ForbiddenNameCharacters = ['/', ':', '.', '%', '"', '\''];

    public static string Name(string name) =>
        name.IndexOfAny(ForbiddenNameCharacters) < 0 ? name
        : throw MlflowError.Invalid($"Invalid model name '{name}' provided. Model name must be a non-empty string and cannot contain the following characters: / : . % \" '");

    public static IReadOnlyList<LoggedModelTag> Tags(IReadOnlyList<LoggedModelTag>? tags) =>
        Require.Tags(tags, t => t.Key!, t => t.Value!, (k, v) => new LoggedModelTag(k, v));

    public static IReadOnlyList<LoggedModelParameter> Params(string modelId, IReadOnlyList<LoggedModelParameter>? @params) =>
        Require.Params(@params, p => p.Key, p => p.Value, (k, v) => new LoggedModelParameter(k, v), $"model ID='{modelId}'");

    /// <summary>A LoggedModelStatus as protobuf JSON sends it: the enum's name, or its number 0–3.</summary>
    public static string Status(JsonElement? status) => status switch
    {
        null or { ValueKind: JsonValueKind.Null } => throw MlflowError.Invalid("Missing value for required parameter 'status'."),
        { ValueKind: JsonValueKind.String } s when LoggedModelStatus.Codes.Contains(s.GetString()) => s.GetString()!,
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var code) && code >= 0 && code < LoggedModelStatus.Codes.Count =>
            LoggedModelStatus.Codes[code],
        var other => throw MlflowError.Invalid($"Unknown model status: {other.Value.GetRawText()}. Expected one of {string.Join(", ", LoggedModelStatus.Codes)} or 0-3."),
    };
}
