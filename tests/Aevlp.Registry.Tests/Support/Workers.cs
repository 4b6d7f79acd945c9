using Aevlp.Contracts;

namespace Aevlp.Registry.Tests.Support;

/// <summary>Plays the pseudo-labeler, trainer and evaluator: waits for the registry's command for a stage and
/// answers with the worker's event.</summary>
public sealed class Workers(RegistryFixture fixture)
{
    public const string Name = "test-worker";

    public Task<GeneratePseudoLabels> PseudoLabelsCommandAsync(Guid runId, int attempt = 1) =>
        fixture.Messages.WaitForAsync<GeneratePseudoLabels>(c => c.RunId == runId && c.Attempt == attempt);

    public Task<TrainModel> TrainCommandAsync(Guid runId, int attempt = 1) =>
        fixture.Messages.WaitForAsync<TrainModel>(c => c.RunId == runId && c.Attempt == attempt);

    public Task<EvaluateModel> EvaluateCommandAsync(Guid runId, int attempt = 1) =>
        fixture.Messages.WaitForAsync<EvaluateModel>(c => c.RunId == runId && c.Attempt == attempt);

    public Task PublishAsync<T>(T message) where T : class => fixture.Bus.Publish(message);

    /// <summary>What a worker announces when it takes a stage's command; from then on the watchdog counts its silence.</summary>
    public Task ReceivedAsync(Guid runId, Stage stage, int attempt) => PublishAsync(new StageReceived(runId, stage, attempt, "silent-worker"));

    public static PseudoLabelsReady PseudoLabelsReady(Guid runId, int attempt = 1) => new(runId, attempt, $"key-{runId:N}", Reused: false, Seconds: 1.5);

    public static ModelTrained Trained(Guid runId, int attempt = 1) =>
        new(runId, attempt, $"runs/{runId}/model.onnx", $"runs/{runId}/model.json", BestEpoch: 2, BestValMap: 70, Seconds: 12);

    public static ModelEvaluated Evaluated(Guid runId, double map, int attempt = 1) =>
        new(runId, attempt, new TestMetrics(map, 60, 55, 57, 65, 62, 63), $"runs/{runId}/predictions.npy", Seconds: 3);

    /// <summary>Takes a run from its first command to ModelEvaluated, answering each stage at once.</summary>
    public async Task CompleteAsync(Guid runId, double testMap)
    {
        await PseudoLabelsCommandAsync(runId);
        await PublishAsync(PseudoLabelsReady(runId));
        await TrainCommandAsync(runId);
        await PublishAsync(Trained(runId));
        await EvaluateCommandAsync(runId);
        await PublishAsync(Evaluated(runId, testMap));
    }
}
