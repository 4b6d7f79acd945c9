using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aevlp.ServiceDefaults;

/// <summary>MassTransit 8 over RabbitMQ from the AppHost's "messaging" connection string (amqp://user:pass@host:port).
/// Queues are durable; a consumer that throws is retried with exponential back-off (a broker or storage
/// blink), then the message moves to its queue's <c>_error</c> queue, where it is kept, never lost.
/// MassTransit 9 needs a paid licence; stay on 8.x.</summary>
public static class MessagingExtensions
{
    public const string DefaultConnectionName = "messaging";

    /// <param name="retry">The retry schedule of every endpoint; <see cref="Backoff.Consumer"/> by default. One schedule per
    /// endpoint: a service's own would otherwise nest inside this one and multiply the attempts.</param>
    public static TBuilder AddMessaging<TBuilder>(this TBuilder builder, Action<IBusRegistrationConfigurator> configure,
        Backoff? retry = null, string connectionName = DefaultConnectionName) where TBuilder : IHostApplicationBuilder
    {
        retry ??= Backoff.Consumer;
        var broker = new Uri(ConnectionStrings.Require(builder.Configuration, connectionName));
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configure(bus);
            bus.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.UseMessageRetry(retry.Apply));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                // A publish returns once the broker has the message (the registry marks a stage dispatched on that).
                rabbit.Host(broker, host => host.PublisherConfirmation = true);
                // The interface only names what every stage command carries; no exchange of its own.
                rabbit.Publish<Aevlp.Contracts.IStageCommand>(topology => topology.Exclude = true);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
