using System.Text;
using System.Text.Json;
using Aevlp.Contracts;
using Aevlp.Registry.Tests.Support;
using RabbitMQ.Client;

namespace Aevlp.Registry.Tests;

/// <summary>README "Starting a run": a publisher that is not MassTransit sends the MassTransit envelope to the
/// TrainRequested exchange.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RawRabbitMqTests(RegistryFixture fixture)
{
    private readonly RegistryClient registry = new(fixture);

    [Fact]
    public async Task A_plain_rabbitmq_publish_of_the_envelope_starts_a_run()
    {
        var key = Guid.NewGuid().ToString();
        var envelope = new
        {
            messageType = new[] { "urn:message:Aevlp.Contracts:TrainRequested" },
            message = new { idempotencyKey = key, dataset = await registry.NewDatasetAsync(), config = new { num_epochs = 2 } },
        };

        var factory = new ConnectionFactory { Uri = new Uri(fixture.Broker) };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true };
            await channel.BasicPublishAsync("Aevlp.Contracts:TrainRequested", routingKey: "", mandatory: false, properties,
                Encoding.UTF8.GetBytes(JsonSerializer.Serialize(envelope)));
        }

        var accepted = await fixture.Messages.WaitForAsync<RunAccepted>(a => a.IdempotencyKey == key);
        var run = await registry.GetRunAsync(accepted.RunId);
        Assert.Equal(2, run.Config["num_epochs"]!.GetValue<int>());
    }
}
