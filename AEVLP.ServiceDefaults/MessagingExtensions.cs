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

    /// <param name="retry">The retry policy of every endpoint; by default 5 tries, 200 ms to 10 s apart. One policy per
    /// endpoint: a service's own would otherwise nest inside this one and multiply the attempts.</param>
    public static TBuilder AddMessaging<TBuilder>(this TBuilder builder, Action<IBusRegistrationConfigurator> configure,
        Action<IRetryConfigurator>? retry = null, string connectionName = DefaultConnectionName) where TBuilder : IHostApplicationBuilder
    {
        retry ??= policy => policy.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
        var broker = new Uri(ConnectionStrings.Require(builder.Configuration, connectionName));
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configure(bus);
            bus.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.UseMessageRetry(retry));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
