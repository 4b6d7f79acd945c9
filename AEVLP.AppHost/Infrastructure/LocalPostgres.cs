using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Aevlp.AppHost.Infrastructure;

/// <summary>Debian's PostgreSQL 15 run by infra/local/postgres.sh as an Aspire executable.</summary>
public sealed class LocalPostgresResource(string name, string script, string workingDirectory, int port, ParameterResource password)
    : ExecutableResource(name, script, workingDirectory), IResourceWithConnectionString
{
    public int Port { get; } = port;

    public ParameterResource Password { get; } = password;

    public List<LocalPostgresDatabaseResource> Databases { get; } = [];

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={Port.ToString(System.Globalization.CultureInfo.InvariantCulture)};Username={LocalCredentials.PostgresUser};Password={Password}");
}

/// <summary>A database on the local server, created when the server is ready (as AddDatabase does for the
/// container), so services reference databases the same way in both modes.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource server)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public LocalPostgresResource Parent { get; } = server;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

public static class LocalPostgresExtensions
{
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, LocalServerPaths paths, InfrastructureOptions options, LocalDataFolder data)
    {
        var password = builder.AddParameter($"{name}-password", data.Credentials.PostgresPassword, secret: true);
        var port = FreePort.OnLoopback();
        var server = new LocalPostgresResource(name, paths.Script("postgres.sh"), paths.Root, port, password.Resource);
        var healthCheck = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks().AddNpgSql(
            $"Host=127.0.0.1;Port={port};Username={LocalCredentials.PostgresUser};Password={data.Credentials.PostgresPassword};Database=postgres;Timeout=3",
            name: healthCheck);
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, (e, ct) => CreateDatabasesAsync(server, e.Services, ct));
        return builder.AddResource(server)
            .WithEnvironment("AEVLP_PG_BIN", options.ResolvedPostgresBinDir())
            .WithEnvironment("AEVLP_PG_DATA", data.Postgres)
            .WithEnvironment("AEVLP_PG_PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("AEVLP_PG_USER", LocalCredentials.PostgresUser)
            .WithEnvironment("AEVLP_PG_PASSWORD", password)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresResource> server, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(database);
        var healthCheck = $"{name}-exists";
        server.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async ct =>
        {
            var connectionString = await database.ConnectionStringExpression.GetValueAsync(ct);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy();
        });
        return server.ApplicationBuilder.AddResource(database)
            .WithParentRelationship(server)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [],
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");
    }

    private static async Task CreateDatabasesAsync(LocalPostgresResource server, IServiceProvider services, CancellationToken ct)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
        var connectionString = await server.ConnectionStringExpression.GetValueAsync(ct);
        // Runs again whenever the server turns healthy after a restart; a pooled connection would be one the
        // restart broke ("terminating connection due to unexpected postmaster exit"), so no pooling here.
        await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres;Pooling=false");
        await connection.OpenAsync(ct);
        foreach (var database in server.Databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = database.DatabaseName } },
            };
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                // Identifiers cannot be parameters; the name comes from the AppHost code, quoted anyway.
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.DatabaseName.Replace("\"", "\"\"")}\"", connection);
                await create.ExecuteNonQueryAsync(ct);
                logger.LogInformation("Created database {Database}", database.DatabaseName);
            }
            await notifications.PublishUpdateAsync(database, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        }
    }
}
