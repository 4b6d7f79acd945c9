using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Aevlp.AppHost.Infrastructure;

/// <summary>Debian's RabbitMQ broker run by infra/local/rabbitmq.sh as an Aspire executable, with the
/// management UI on.</summary>
public sealed class LocalRabbitMqResource(string name, string script, string workingDirectory, string host, int port, ParameterResource password)
    : ExecutableResource(name, script, workingDirectory), IResourceWithConnectionString
{
    public string Host { get; } = host;

    public int Port { get; } = port;

    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{LocalCredentials.RabbitMqUser}:{Password}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}");
}

public static class LocalRabbitMqExtensions
{
    public static IResourceBuilder<LocalRabbitMqResource> AddLocalRabbitMq(
        this IDistributedApplicationBuilder builder, string name, LocalServerPaths paths, InfrastructureOptions options, LocalDataFolder data)
    {
        var password = builder.AddParameter($"{name}-password", data.Credentials.RabbitMqPassword, secret: true);
        int amqp = FreePort.On(options.ParsedBindAddress), management = FreePort.OnLoopback(), epmd = FreePort.OnLoopback(), dist = FreePort.OnLoopback();
        var broker = new LocalRabbitMqResource(name, paths.Script("rabbitmq.sh"), paths.Root, options.LocalAddress, amqp, password.Resource);
        var healthCheck = $"{name}-accepts-connections";
        // Healthy once an AMQP connection opens with the platform's credentials (a TCP connect alone would pass while the
        // broker boots). The connection is kept, as the package advises; RabbitMQ.Client recovers it after a restart.
        var factory = new ConnectionFactory
        {
            Uri = new Uri(data.Credentials.AmqpUri(options.LocalAddress, amqp)),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
        };
        IConnection? connection = null;
        builder.Services.AddHealthChecks().AddRabbitMQ(async _ => connection ??= await factory.CreateConnectionAsync(), name: healthCheck);
        return builder.AddResource(broker)
            .WithEnvironment("AEVLP_RABBITMQ_HOME", options.RabbitMqBinDir)
            .WithEnvironment("AEVLP_RABBITMQ_DATA", data.RabbitMq)
            .WithEnvironment("AEVLP_BIND_ADDRESS", options.BindAddress)
            .WithEnvironment("AEVLP_AMQP_PORT", Invariant(amqp))
            .WithEnvironment("AEVLP_RABBITMQ_MANAGEMENT_PORT", Invariant(management))
            .WithEnvironment("AEVLP_EPMD_PORT", Invariant(epmd))
            .WithEnvironment("AEVLP_DIST_PORT", Invariant(dist))
            .WithEnvironment("AEVLP_RABBITMQ_USER", LocalCredentials.RabbitMqUser)
            .WithEnvironment("AEVLP_RABBITMQ_PASSWORD", password)
            .WithEndpoint(port: amqp, targetPort: amqp, scheme: "amqp", name: "tcp", isProxied: false)
            .WithEndpoint(port: management, targetPort: management, scheme: "http", name: "management", isProxied: false)
            .WithUrlForEndpoint("management", url => url.DisplayText = "RabbitMQ management")
            .WithHealthCheck(healthCheck)
            .WithIconName("Mail");
    }

    private static string Invariant(int port) => port.ToString(CultureInfo.InvariantCulture);
}
