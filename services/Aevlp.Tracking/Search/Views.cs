using Aevlp.Tracking.Api;
using Aevlp.Tracking.Client.Protocol;

namespace Aevlp.Tracking.Search;

/// <summary>The lifecycle stages a view type (ACTIVE_ONLY, DELETED_ONLY, ALL) selects.</summary>
public static class Views
{
    public static string[] Stages(string? viewType, string field) => (viewType ?? ViewType.ActiveOnly) switch
    {
        ViewType.ActiveOnly => [LifecycleStage.Active],
        ViewType.DeletedOnly => [LifecycleStage.Deleted],
        ViewType.All => [LifecycleStage.Active, LifecycleStage.Deleted],
        var other => throw MlflowError.Invalid($"Invalid value '{other}' for parameter '{field}': expected ACTIVE_ONLY, DELETED_ONLY or ALL."),
    };
}
