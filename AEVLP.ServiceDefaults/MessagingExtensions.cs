using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aevlp.ServiceDefaults;

/// <summary>MassTransit 8 over RabbitMQ from the AppHost's "messaging" connection string (amqp://user:pass@host:port).
/// MassTransit 9 needs a paid licence; stay on 8.x.</summary>
public static class MessagingExtensions
{
    public const string DefaultConnectionName = "messaging";

    public static TBuilder AddMessaging<TBuilder>(this TBuilder builder, Action<IBusRegistrationConfigurator> configure,
        string connectionName = DefaultConnectionName) where TBuilder : IHostApplicationBuilder
    {
        var broker = new Uri(ConnectionStrings.Require(builder.Configuration, connectionName));
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configure(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
