using Microsoft.Extensions.Hosting;

namespace Aevlp.ServiceDefaults;

/// <summary>The PostgreSQL database the AppHost created for a service: Aspire's Npgsql client (a pooled data source with its
/// health check, tracing and metrics) and the service's schema migrations.</summary>
public static class PostgresExtensions
{
    public static TBuilder AddPostgres<TBuilder>(this TBuilder builder, string connectionName, System.Reflection.Assembly migrations)
        where TBuilder : IHostApplicationBuilder
    {
        ConnectionStrings.Require(builder.Configuration, connectionName);
        builder.AddNpgsqlDataSource(connectionName);
        return builder.AddSchemaMigrations(connectionName, migrations);
    }
}
