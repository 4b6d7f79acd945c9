using Aevlp.Configuration;
using Aevlp.ML.Losses;
using Aevlp.ML.Models;
using Aevlp.ML.PseudoLabels;

namespace Aevlp.ML.Training;

/// <summary>Maps a resolved <see cref="RunConfig"/> onto <see cref="TrainingOptions"/>.</summary>
public static class TrainingConfig
{
    /// <param name="weightsFile">The local copy of the run's <c>pretrained_weights</c>, when the backbone starts from one.</param>
    /// <exception cref="Contracts.InvalidInputException">use_pretrained asks for imported weights and none were given.</exception>
    public static TrainingOptions ToOptions(RunConfig config, string? weightsFile = null) => new()
    {
        Architecture = config.Architecture,
        Weights = Weights(config, weightsFile),
        FreezeBackbone = config.FreezeFeatureExtractor,
        Optimizer = config.Optimizer,
        ImageSize = config.ImageSize,
        Epochs = config.Epochs,
        BatchSize = config.BatchSize,
        LearningRate = config.LearningRate,
        LearningRateMultiplier = config.LearningRateMultiplier,
        LinearInit = config.LinearInit,
        Loss = config.Loss,
        LossOptions = new LossOptions(config.ExpectedPositives, config.LabelSmoothing)
        {
            Gpr = config.Loss == Loss.Gpr ? GprSettings.FromConfig(config.Q2Q3, config.Lambda, config.Rho, config.Reg, config.UsePseudoLabels) : null,
        },
        GprSchedule = config.Loss == Loss.Gpr ? GprSchedule.FromConfig(config.Beta, config.Alpha) : null,
        LargeLossDeltaRel = config.DeltaRel,
        // GPR without pseudo-labels trains on observed labels alone (spec §3, use_pl false).
        PseudoLabels = config.NeedsTeacher
            ? new PseudoLabelSettings(config.Temperature, config.Eta, config.TopK, config.Threshold, config.NegativeRatio)
            : null,
        ViewAggregation = config.PseudoLabelViews == PseudoLabelViews.Global ? ViewAggregation.GlobalViewOnly : ViewAggregation.Damp,
        Seed = config.Seed,
        Device = config.Device,
        Threads = config.Threads,
        LoaderWorkers = Math.Max(1, config.LoaderWorkers),
    };

    private static BackboneWeights Weights(RunConfig config, string? weightsFile) =>
        !config.UsePretrained ? BackboneWeights.Random
        : config.Architecture == Architecture.ResNet18Dnn ? BackboneWeights.PackagedWeights
        : weightsFile is not null ? BackboneWeights.FromFile(weightsFile)
        : throw new Contracts.InvalidInputException($"use_pretrained: {ConfigNames.Architectures.Of(config.Architecture)} starts from imported weights and the run names none " +
            "(pretrained_weights); import some with 'aevlp weights import' or set use_pretrained false");
}
