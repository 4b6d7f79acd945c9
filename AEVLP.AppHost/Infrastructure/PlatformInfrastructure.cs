using Aspire.Hosting.ApplicationModel;

namespace Aevlp.AppHost.Infrastructure;

/// <summary>The platform's stateful services, whichever mode provides them. Services take them with
/// <c>WithReference(...).WaitFor(...)</c> and never know the difference.</summary>
public sealed class PlatformInfrastructure(
    InfrastructureMode mode,
    IResourceBuilder<IResourceWithConnectionString> postgres,
    IResourceBuilder<IResourceWithConnectionString> messaging,
    IResourceBuilder<IResourceWithConnectionString> blobs,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> addDatabase,
    IResourceBuilder<ParameterResource> apiKey)
{
    public const string PostgresName = "postgres";
    public const string MessagingName = "messaging";
    public const string BlobsName = "blobs";

    public InfrastructureMode Mode { get; } = mode;

    /// <summary>Where the servers that workers use listen in local mode when not on loopback (Infrastructure:BindAddress); the
    /// tracker listens there too. Null: this machine only.</summary>
    public string? BindAddress { get; init; }

    public IResourceBuilder<IResourceWithConnectionString> Postgres { get; } = postgres;

    public IResourceBuilder<IResourceWithConnectionString> Messaging { get; } = messaging;

    public IResourceBuilder<IResourceWithConnectionString> Blobs { get; } = blobs;

    /// <summary>The key of the platform's HTTP APIs, a secret parameter generated once per install (see ApiSecurity).</summary>
    public IResourceBuilder<ParameterResource> ApiKey { get; } = apiKey;

    /// <summary>A database on the PostgreSQL server, created before anything that waits for it starts.</summary>
    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name) => addDatabase(name);
}

public static class PlatformInfrastructureExtensions
{
    /// <summary>PostgreSQL, RabbitMQ and blob storage: containers when a runtime answers (or Mode=container),
    /// otherwise local servers (or Mode=local).</summary>
    public static PlatformInfrastructure AddPlatformInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var options = InfrastructureOptions.From(builder.Configuration);
        return ContainerRuntime.Resolve(options.Mode) == InfrastructureMode.Container
            ? ContainerInfrastructure.Add(builder)
            : LocalInfrastructure.Add(builder, options);
    }
}
