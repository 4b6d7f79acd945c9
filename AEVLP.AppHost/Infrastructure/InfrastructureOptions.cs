using Microsoft.Extensions.Configuration;

namespace Aevlp.AppHost.Infrastructure;

/// <summary>How the AppHost provides PostgreSQL, RabbitMQ and blob storage.</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a healthy container runtime answers, otherwise local servers.</summary>
    Auto,
    /// <summary>Debian's PostgreSQL and RabbitMQ and npm's Azurite as local processes (no containers).</summary>
    Local,
    /// <summary>The Aspire container integrations (Docker or Podman).</summary>
    Container,
}

/// <summary>The "Infrastructure" configuration section of the AppHost (appsettings.json, environment
/// variables such as <c>Infrastructure__Mode=local</c>, or command-line <c>--Infrastructure:Mode=local</c>).</summary>
public sealed class InfrastructureOptions
{
    public const string Section = "Infrastructure";

    public InfrastructureMode Mode { get; set; } = InfrastructureMode.Auto;

    /// <summary>The one folder holding the data of every local server; empty means the platform default
    /// (<see cref="LocalDataFolder.Default"/>).</summary>
    public string DataDir { get; set; } = "";

    public string PostgresBinDir { get; set; } = "/usr/lib/postgresql/15/bin";

    public string RabbitMqBinDir { get; set; } = "/usr/lib/rabbitmq/bin";

    /// <summary>The azurite-blob launcher; empty means infra/azurite/node_modules/.bin/azurite-blob in this repository.</summary>
    public string AzuriteBlob { get; set; } = "";

    public static InfrastructureOptions From(IConfiguration configuration)
    {
        var options = new InfrastructureOptions();
        var section = configuration.GetSection(Section);
        section.Bind(options);
        var mode = section[nameof(Mode)];
        if (mode is not null && !Enum.TryParse<InfrastructureMode>(mode, ignoreCase: true, out _))
        {
            throw new InfrastructureUnavailableException(
                $"Infrastructure:Mode is '{mode}'; expected one of auto, local, container.");
        }
        return options;
    }
}
