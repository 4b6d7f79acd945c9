using System.Text;
using System.Text.Json;
using Aevlp.Contracts;
using Aevlp.AppHost.Services;
using Aevlp.Registry.Tests.Support;
using Aevlp.Testing;
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

        await PublishAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(envelope)));

        var accepted = await fixture.Messages.WaitForAsync<RunAccepted>(a => a.IdempotencyKey == key);
        var run = await registry.GetRunAsync(accepted.RunId);
        Assert.Equal(2, run.Config["num_epochs"]!.GetValue<int>());
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public async Task A_malformed_message_moves_to_the_error_queue_with_its_reason_and_the_next_run_still_starts()
    {
        var marker = Guid.NewGuid().ToString("N");
        await PublishAsync(Encoding.UTF8.GetBytes($"{{\"messageType\": [\"urn:message:Aevlp.Contracts:TrainRequested\"], \"message\": {marker}"));

        var (_, reason) = await WaitForErrorAsync(marker);
        Assert.Contains("BytePositionInLine", reason, StringComparison.Ordinal);   // the JSON reader's reason names where it failed
        // The registry logged it with the same reason, so the dashboard shows why the message was set aside.
        await ResourceLogs.WaitForLineAsync(fixture.App, RegistryResource.Name, reason, TimeSpan.FromSeconds(30));

        var key = Guid.NewGuid().ToString();
        await registry.StartRunAsync(new { idempotencyKey = key, dataset = await registry.NewDatasetAsync() });
        await fixture.Messages.WaitForAsync<RunAccepted>(a => a.IdempotencyKey == key);
    }

    private async Task PublishAsync(byte[] body)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(fixture.Broker) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true };
        await channel.BasicPublishAsync("Aevlp.Contracts:TrainRequested", routingKey: "", mandatory: false, properties, body);
    }

    // MassTransit moves a message it cannot read to "{queue}_error" (created with the first one), with the reason in
    // its MT-Fault-* headers. Other tests' faulted messages may be there too: each look reads the whole queue without
    // taking anything (unacknowledged, so closing the channel puts it back) and finds this one by its content.
    private async Task<(string Body, string Reason)> WaitForErrorAsync(string marker)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(fixture.Broker) }.CreateConnectionAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                while (await channel.BasicGetAsync("train-requested_error", autoAck: false) is { } message)
                {
                    var body = Encoding.UTF8.GetString(message.Body.Span);
                    if (body.Contains(marker, StringComparison.Ordinal))
                        return (body, Encoding.UTF8.GetString((byte[])message.BasicProperties.Headers!["MT-Fault-Message"]!));
                }
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // No error queue yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"no message with {marker} in train-requested_error");
    }
}
