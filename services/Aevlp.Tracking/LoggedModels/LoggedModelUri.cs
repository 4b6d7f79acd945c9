using Aevlp.Tracking.Api;

namespace Aevlp.Tracking.LoggedModels;

/// <summary>MLflow 3's model URIs: <c>models:/m-…</c> names a logged model; <c>models:/name/version</c> a registered one.</summary>
public static class LoggedModelUri
{
    public const string Scheme = "models:/";

    /// <summary>The logged model a model version's source and model_id name, or null when neither does.</summary>
    public static string? ModelId(string source, string? requestModelId)
    {
        var fromSource = source.StartsWith(Scheme, StringComparison.Ordinal) && source[Scheme.Length..] is var rest
            && rest.StartsWith("m-", StringComparison.Ordinal) && !rest.Contains('/') ? rest : null;
        if (string.IsNullOrEmpty(requestModelId)) return fromSource;
        return fromSource is null || fromSource == requestModelId ? requestModelId
            : throw MlflowError.Invalid($"The source '{source}' names another logged model than model_id '{requestModelId}'.");
    }
}
