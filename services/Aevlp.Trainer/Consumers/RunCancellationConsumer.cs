using Aevlp.Contracts;
using Aevlp.Trainer.Training;
using MassTransit;

namespace Aevlp.Trainer.Consumers;

/// <summary>Every replica hears every cancellation (its own temporary queue); the one training the run stops it
/// before the next batch.</summary>
public sealed class RunCancellationConsumer(RunCancellations cancellations, ILogger<RunCancellationConsumer> logger)
    : IConsumer<RunCancellationRequested>
{
    public Task Consume(ConsumeContext<RunCancellationRequested> context)
    {
        if (cancellations.Cancel(context.Message.RunId))
        {
            logger.LogInformation("Cancelling run {RunId}", context.Message.RunId);
        }
        return Task.CompletedTask;
    }
}

public sealed class RunCancellationConsumerDefinition : ConsumerDefinition<RunCancellationConsumer>
{
    public RunCancellationConsumerDefinition() => Endpoint(endpoint => endpoint.InstanceId = Guid.NewGuid().ToString("N")[..8]);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<RunCancellationConsumer> consumer,
        IRegistrationContext context)
    {
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.AutoDelete = true;
            rabbit.Durable = false;
        }
    }
}
