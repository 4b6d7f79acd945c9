using Aevlp.Contracts;
using Aevlp.PseudoLabeler.Chunks;
using Aevlp.PseudoLabeler.Storage;
using Aevlp.PseudoLabeler.Telemetry;
using Aevlp.ServiceDefaults;
using Aevlp.Storage;
using MassTransit;

namespace Aevlp.PseudoLabeler.Consumers;

/// <summary>Scores chunks of any replica's pass. A chunk whose input is wrong is recorded as failed, for the coordinator to fail
/// the run with; anything else propagates, so MassTransit retries it and, once retries are spent,
/// <see cref="ScoreTeacherChunkFaultConsumer"/> records it as a fault, for the coordinator to send again.</summary>
public sealed class ScoreTeacherChunkConsumer(ChunkScorer scorer, PseudoLabelStore labels, LocalBlobCache cache, PseudoLabelerTelemetry telemetry,
    ILogger<ScoreTeacherChunkConsumer> logger) : IConsumer<ScoreTeacherChunk>
{
    public async Task Consume(ConsumeContext<ScoreTeacherChunk> context)
    {
        var chunk = context.Message;
        using var activity = PseudoLabelerTelemetry.ActivitySource.StartActivity("teacher chunk");
        activity?.SetTag("aevlp.pseudo_label_key", chunk.Key).SetTag("aevlp.first_image", chunk.First);
        try
        {
            var outcome = await scorer.ScoreAsync(chunk, context.CancellationToken);
            telemetry.Chunks.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
            logger.LogInformation("Pass {Key}: images {First}–{Last} {Outcome}", chunk.Key, chunk.First, chunk.First + chunk.Count - 1, outcome);
        }
        catch (Exception error) when (StageConsumer<GeneratePseudoLabels>.IsInputProblem(error))
        {
            var reason = cache.BlobNamesIn(error.Message);
            logger.LogWarning("Pass {Key}: images {First}–{Last} cannot be scored: {Reason}", chunk.Key, chunk.First, chunk.First + chunk.Count - 1, reason);
            await labels.RecordChunkFailureAsync(ChunkScorer.ChunksOf(chunk), chunk.First, ChunkFile.Failed, reason, CancellationToken.None);
        }
    }
}

/// <summary>A chunk whose retries are spent (storage, a replica that scores differently, a bug; not its input): recorded as a
/// fault, so its coordinator sends it again instead of waiting for a chunk that sits in the error queue. A fault of a pass
/// nobody coordinates any more is not recorded: it would only mislead that key's next pass.</summary>
public sealed class ScoreTeacherChunkFaultConsumer(PseudoLabelStore labels) : IConsumer<Fault<ScoreTeacherChunk>>
{
    public async Task Consume(ConsumeContext<Fault<ScoreTeacherChunk>> context)
    {
        var chunk = context.Message.Message;
        if (!await labels.IsCoordinatedAsync(chunk.Key, context.CancellationToken)) return;
        var cause = context.Message.Exceptions.FirstOrDefault();
        var reason = $"teacher pass {chunk.Key}: images {chunk.First}–{chunk.First + chunk.Count - 1} failed after retries on " +
            $"{context.Message.Host?.MachineName}: {cause?.ExceptionType} {cause?.Message}";
        await labels.RecordChunkFailureAsync(ChunkScorer.ChunksOf(chunk), chunk.First, ChunkFile.Fault, reason, context.CancellationToken);
    }
}

/// <summary>One chunk at a time per replica (it uses every core), and a prefetch of 1, so a busy replica holds no chunk an idle
/// one could take.</summary>
public sealed class ScoreTeacherChunkConsumerDefinition : ConsumerDefinition<ScoreTeacherChunkConsumer>
{
    public ScoreTeacherChunkConsumerDefinition() => ConcurrentMessageLimit = 1;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<ScoreTeacherChunkConsumer> consumer,
        IRegistrationContext context) => endpoint.PrefetchCount = 1;
}
