using Aevlp.Registry.Api;

namespace Aevlp.Registry.Storage;

/// <summary>Run statuses in SQL: every statement takes them from <see cref="RunStatus"/>, none spells one by hand.</summary>
internal static class StatusSql
{
    /// <summary>The status as a SQL string literal, <c>'QUEUED'</c>.</summary>
    public static string Sql(this RunStatus status) => $"'{status.Text()}'";
}
