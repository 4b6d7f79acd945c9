namespace Aevlp.Tracking.Client.Protocol;

public static class RunStatus
{
    public const string Running = "RUNNING";
    public const string Scheduled = "SCHEDULED";
    public const string Finished = "FINISHED";
    public const string Failed = "FAILED";
    public const string Killed = "KILLED";

    public static IReadOnlyList<string> All { get; } = [Running, Scheduled, Finished, Failed, Killed];
}

public static class LifecycleStage
{
    public const string Active = "active";
    public const string Deleted = "deleted";
}

/// <summary>Which lifecycle stages a search returns.</summary>
public static class ViewType
{
    public const string ActiveOnly = "ACTIVE_ONLY";
    public const string DeletedOnly = "DELETED_ONLY";
    public const string All = "ALL";
}

public static class ModelStage
{
    public const string None = "None";
    public const string Staging = "Staging";
    public const string Production = "Production";
    public const string Archived = "Archived";

    public static IReadOnlyList<string> All { get; } = [None, Staging, Production, Archived];
}

/// <summary>The limits of docs/mlflow-api.md, shared by the client (which batches within them) and the server
/// (which enforces them).</summary>
public static class MlflowLimits
{
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsPerBatch = 100;
    public const int MaxTagsPerBatch = 100;
    public const int MaxItemsPerBatch = 1000;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 8000;
    public const int MaxKeyLength = 250;

    // Of a dataset input (runs/log-inputs), as MLflow's server checks them.
    public const int MaxDatasetNameLength = 500;
    public const int MaxDatasetDigestLength = 36;
    public const int MaxDatasetSourceLength = 65535;
    public const int MaxDatasetSchemaLength = 1048575;
    public const int MaxDatasetProfileLength = 16777215;
    public const int MaxInputTagKeyLength = 255;
    public const int MaxInputTagValueLength = 500;
}
