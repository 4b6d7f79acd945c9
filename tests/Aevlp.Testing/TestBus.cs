using Aevlp.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aevlp.Testing;

/// <summary>A bus in the test process on the platform's broker, for tests that play a worker or listen to events.</summary>
public static class TestBus
{
    /// <summary>Starts the bus and returns only once its consumers' queues are bound: until then, what the platform
    /// publishes goes nowhere, and on a busy machine a test waited 30 s for a message published before the binding existed.</summary>
    public static async Task<IHost> StartAsync(
        string broker, Action<IServiceCollection> services, Action<IBusRegistrationConfigurator> consumers, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:messaging"] = broker;
        services(builder.Services);
        builder.AddMessaging(consumers);
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
