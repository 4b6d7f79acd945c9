using Aevlp.ML.Models;
using Aevlp.ML.Training;
using static TorchSharp.torch;

namespace Aevlp.ML.Tests.Training;

/// <summary>The keys that act inside the training loop, each shown changing what a short run does.</summary>
[Collection(LibTorchGlobalState.Name)]
public class ConfigKeyEffectTests(ShapesRun run) : IClassFixture<ShapesRun>
{
    private static readonly RunConfig OneEpoch = ShapesRun.Config with { Epochs = 1 };

    [Fact]
    public async Task Sgd_trains_differently_from_adam_and_both_learn()
    {
        using var adam = (await Trainer.RunAsync(run.Data, TrainingConfig.ToOptions(OneEpoch))).Model;
        using var sgd = (await Trainer.RunAsync(run.Data, TrainingConfig.ToOptions(OneEpoch with { Optimizer = Optimizer.Sgd, LearningRate = 0.01 }))).Model;
        using var initial = Initial(OneEpoch);

        Assert.NotEqual(Parameters(adam.Head), Parameters(sgd.Head));
        Assert.NotEqual(Parameters(initial.Head), Parameters(sgd.Head));
        Assert.NotEqual(Parameters(initial.Backbone), Parameters(sgd.Backbone));
    }

    [Fact]
    public async Task A_frozen_feature_extractor_keeps_its_weights_and_batch_norm_statistics_while_the_head_learns()
    {
        var frozen = OneEpoch with { FreezeFeatureExtractor = true };

        using var trained = (await Trainer.RunAsync(run.Data, TrainingConfig.ToOptions(frozen))).Model;
        using var initial = Initial(frozen);

        Assert.Equal(State(initial.Backbone), State(trained.Backbone));
        Assert.NotEqual(Parameters(initial.Head), Parameters(trained.Head));
    }

    [Fact]
    public void The_released_optimizer_settings_reach_the_loop()
    {
        Assert.Equal(Optimizer.Sgd, TrainingConfig.ToOptions(OneEpoch with { Optimizer = Optimizer.Sgd }).Optimizer);
        Assert.True(TrainingConfig.ToOptions(OneEpoch with { FreezeFeatureExtractor = true }).FreezeBackbone);
        Assert.Equal(BackboneWeights.Random, TrainingConfig.ToOptions(OneEpoch).Weights);
        Assert.Equal(BackboneWeights.PackagedWeights,
            TrainingConfig.ToOptions(OneEpoch with { Architecture = Architecture.ResNet18Dnn, UsePretrained = true }).Weights);
        Assert.Equal(BackboneWeights.FromFile("/w.pth"),
            TrainingConfig.ToOptions(OneEpoch with { Architecture = Architecture.ResNet50, UsePretrained = true }, "/w.pth").Weights);
    }

    [Fact]
    public void Imported_weights_must_be_given_when_use_pretrained_asks_for_them()
    {
        var error = Assert.Throws<Contracts.InvalidInputException>(() =>
            TrainingConfig.ToOptions(OneEpoch with { Architecture = Architecture.ResNet50, UsePretrained = true }));

        Assert.StartsWith("use_pretrained: resnet50 starts from imported weights", error.Message);
    }

    /// <summary>The model a run starts from: the trainer seeds LibTorch with the run's seed, then builds the classifier.</summary>
    private MultiLabelClassifier Initial(RunConfig config)
    {
        manual_seed(config.Seed);
        return Architectures.Create(config.Architecture, run.Data.ClassNames.Count);
    }

    private static float[] Parameters(nn.Module module) => [.. module.parameters().SelectMany(p => p.data<float>().ToArray())];

    private static double[] State(nn.Module module) =>
        [.. module.state_dict().OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value.to_type(float64).data<double>().ToArray())];
}
