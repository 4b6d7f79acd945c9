using System.Data;
using Dapper;

namespace Aevlp.Tracking.Storage;

/// <summary>Dapper commands that carry the request's cancellation token.</summary>
internal static class Sql
{
    public static CommandDefinition Command(string sql, object? parameters, CancellationToken ct, IDbTransaction? transaction = null) =>
        new(sql, parameters, transaction, cancellationToken: ct);
}
