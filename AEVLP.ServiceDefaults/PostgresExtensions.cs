using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Aevlp.ServiceDefaults;

/// <summary>An <see cref="NpgsqlDataSource"/> for a database the AppHost created, with a health check.</summary>
public static class PostgresExtensions
{
    public static TBuilder AddPostgres<TBuilder>(this TBuilder builder, string connectionName) where TBuilder : IHostApplicationBuilder
    {
        var connectionString = ConnectionStrings.Require(builder.Configuration, connectionName);
        builder.Services.AddNpgsqlDataSource(connectionString);
        builder.Services.AddHealthChecks().AddNpgSql(name: connectionName, tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
