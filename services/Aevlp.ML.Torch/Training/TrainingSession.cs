using System.Diagnostics;
using Aevlp.Configuration;
using Aevlp.ML.Checkpoints;
using Aevlp.ML.Images;
using Aevlp.ML.Losses;
using Aevlp.ML.Metrics;
using Aevlp.ML.Models;
using Aevlp.ML.PseudoLabels;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Aevlp.ML.Training;

/// <summary>One run's model, optimiser, labels and progress; <see cref="Trainer"/> drives it epoch by epoch.</summary>
internal sealed class TrainingSession : IDisposable
{
    private const double SgdMomentum = 0.9;
    private const double SgdWeightDecay = 0.001;

    private readonly TrainingData data;
    private readonly TrainingOptions options;
    private readonly Device device;
    private readonly RoleLabelEstimates? labelEstimates;
    private readonly OptimizerHelper optimizer;
    private readonly ImageBatchLoader trainLoader;
    private readonly ImageLoaderOptions evaluationLoader;
    private readonly string[] trainPaths;
    private readonly Tensor observed;
    private readonly Tensor? truth;
    private readonly RowMajorMatrix<sbyte> observedLabels, trainTruth, valTruth;
    private readonly int[] observedClasses;

    public TrainingSession(TrainingData data, TrainingOptions options, Device device)
    {
        (this.data, this.options, this.device) = (data, options, device);
        Normalization = Architectures.Normalization(options.Architecture);
        Model = Architectures.Create(options.Architecture, data.ClassNames.Count, options.Weights);
        Model.to(device);
        observed = data.Train.ObservedLabels.ToTensor(device);
        truth = options.Loss == Loss.Bce ? data.Train.Labels.ToTensor(device) : null;
        labelEstimates = options.Loss == Loss.Role ? new RoleLabelEstimates(observed) : null;
        optimizer = CreateOptimizer();
        trainLoader = new ImageBatchLoader(new ImageLoaderOptions(options.ImageSize, options.BatchSize, options.LoaderWorkers,
            RandomFlip: true, Shuffle: true, Seed: options.Seed, Normalization: Normalization));
        evaluationLoader = new ImageLoaderOptions(options.ImageSize, options.BatchSize, options.LoaderWorkers, Normalization: Normalization);
        trainPaths = [.. Enumerable.Range(0, data.Train.Count).Select(data.Train.FullImagePath)];
        (observedLabels, trainTruth, valTruth) = (data.Train.ObservedLabels.ToSbyte(), data.Train.Labels.ToSbyte(), data.Val.Labels.ToSbyte());
        observedClasses = options.UsesPseudoLabels ? ObservedPositives.ClassOf(observedLabels) : [];
        State = new CheckpointState(Identity, 0, BestSoFar.None, double.NaN, SaveWeights());
    }

    public MultiLabelClassifier Model { get; }

    public ImageNormalization Normalization { get; }

    public CheckpointState State { get; private set; }

    public bool ShouldStop => State.CompletedEpochs > 0
        && State.Best.ShouldStop(State.LastMap, options.EarlyStopPatience, options.EarlyStopMaxDrop);

    private string Identity => $"{ConfigNames.Architectures.Of(options.Architecture)}|classes={data.ClassNames.Count}" +
        $"|loss={ConfigNames.Losses.Of(options.Loss)}|optimizer={ConfigNames.Optimizers.Of(options.Optimizer)}|seed={options.Seed}";

    public async Task<EpochSummary> RunEpochAsync(int epoch, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pseudo = PseudoLabelsOf(epoch);
        var quality = options.UsesPseudoLabels ? PseudoLabelQuality.Compute(pseudo!, observedLabels, trainTruth) : null;
        double loss;
        using (var pseudoTensor = pseudo?.ToTensor(device))
            loss = await TrainEpochAsync(epoch, pseudoTensor, progress, cancellationToken);
        double map = await ValidationMapAsync(cancellationToken);
        bool isBest = map > State.Best.Map;
        State = State with
        {
            CompletedEpochs = epoch, Best = State.Best.After(epoch, map), LastMap = map,
            BestWeights = isBest ? SaveWeights() : State.BestWeights,
        };
        return new EpochSummary(epoch, loss, map, quality, clock.Elapsed.TotalSeconds, isBest);
    }

    public byte[] Checkpoint()
    {
        using var buffer = new MemoryStream();
        TrainingCheckpoint.Write(buffer, State, Model, labelEstimates, optimizer);
        return buffer.ToArray();
    }

    public void Restore(Stream checkpoint) =>
        State = TrainingCheckpoint.Read(checkpoint, Identity, Model, labelEstimates, optimizer);

    /// <summary>Puts the best-validation weights back into <see cref="Model"/>.</summary>
    public void LoadBestWeights() => Model.load(new MemoryStream(State.BestWeights));

    public Task<RowMajorMatrix<double>> ScoreAsync(Data.SpmlSplit split, CancellationToken cancellationToken) =>
        ModelScoring.ScoreAsync(Model, split, evaluationLoader, device, options.Threads, cancellationToken);

    private async Task<double> ValidationMapAsync(CancellationToken cancellationToken) =>
        AveragePrecision.Compute(await ScoreAsync(data.Val, cancellationToken), valTruth).MeanPercent;

    /// <summary>DAMP pseudo-labels re-drawn for this epoch (spec §4); for GPR without pseudo-labels (use_pl false)
    /// all zeros, so every unknown entry is neutral; null when the loss uses none.</summary>
    private RowMajorMatrix<sbyte>? PseudoLabelsOf(int epoch) =>
        options.UsesPseudoLabels
            ? PseudoLabeler.Generate(data.Teacher!.Sample(options.Seed, epoch), observedClasses, options.PseudoLabels!, options.ViewAggregation)
            : options.Loss == Loss.Gpr
                ? new RowMajorMatrix<sbyte>(new sbyte[data.Train.Count * data.ClassNames.Count], data.Train.Count, data.ClassNames.Count)
                : null;

    private async Task<double> TrainEpochAsync(int epoch, Tensor? pseudo, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        SetTrainable(backbone: epoch > options.LinearInit && !options.FreezeBackbone);
        var lossOptions = options.LossOptions with
        {
            GprWeights = options.GprSchedule?.At(epoch, options.Epochs, options.LinearInit),
            CleanRate = LargeLossModification.CleanRate(epoch, options.LargeLossDeltaRel),
        };
        int batches = (data.Train.Count + options.BatchSize - 1) / options.BatchSize, batch = 0;
        double total = 0;
        var clock = Stopwatch.StartNew();
        await foreach (var images in trainLoader.ReadEpochAsync(trainPaths, epoch, cancellationToken))
        {
            using (images)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TorchRuntime.UseThreads(options.Threads);
                double loss = Step(images, pseudo, lossOptions);
                total += loss * images.Count;
                progress?.Report(new BatchProgress(epoch, ++batch, batches, loss, images.Count / clock.Elapsed.TotalSeconds));
                clock.Restart();
            }
        }
        return total / data.Train.Count;
    }

    /// <summary>Forward, loss, backward and one optimiser step on one batch; returns the loss.</summary>
    private double Step(ImageBatch images, Tensor? pseudo, LossOptions lossOptions)
    {
        using var scope = NewDisposeScope();
        var rows = tensor(images.Indices.Select(i => (long)i).ToArray()).to(device);
        var batch = new LossBatch(Model.call(images.Images.to(device)), observed.index_select(0, rows))
        {
            Truth = truth?.index_select(0, rows),
            Pseudo = pseudo?.index_select(0, rows),
            LabelEstimates = labelEstimates?.call(rows),
        };
        var loss = LossSelector.Compute(options.Loss, batch, lossOptions);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>
    /// linear_init epochs and freeze_feature_extractor freeze the backbone completely: no gradients and batch norm in eval
    /// mode, so its running statistics do not drift either (the released code leaves batch norm training, and its per-epoch
    /// unfreezing undoes freeze_feature_extractor; see docs/configuration.md).
    /// </summary>
    private void SetTrainable(bool backbone)
    {
        Model.train();
        Model.Backbone.train(backbone);
        foreach (var parameter in Model.Backbone.parameters()) parameter.requires_grad = backbone;
    }

    /// <summary>The backbone at lr and the head (and ROLE's estimates) at lr × lr_mult (spec §2, §5): Adam, or SGD with the
    /// released code's momentum 0.9 and weight decay 0.001.</summary>
    private OptimizerHelper CreateOptimizer()
    {
        double headRate = options.LearningRate * options.LearningRateMultiplier;
        var backbone = Model.Backbone.parameters();
        var fast = Model.Head.parameters().Concat(labelEstimates?.parameters() ?? []);
        return options.Optimizer switch
        {
            Optimizer.Adam => optim.Adam(
            [
                new Adam.ParamGroup(backbone, new Adam.Options { LearningRate = options.LearningRate }),
                new Adam.ParamGroup(fast, new Adam.Options { LearningRate = headRate }),
            ], options.LearningRate),
            Optimizer.Sgd => optim.SGD(
            [
                new SGD.ParamGroup(backbone, new SGD.Options { LearningRate = options.LearningRate, momentum = SgdMomentum, weight_decay = SgdWeightDecay }),
                new SGD.ParamGroup(fast, new SGD.Options { LearningRate = headRate, momentum = SgdMomentum, weight_decay = SgdWeightDecay }),
            ], options.LearningRate, SgdMomentum, weight_decay: SgdWeightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer, "optimizer"),
        };
    }

    private byte[] SaveWeights()
    {
        using var buffer = new MemoryStream();
        Model.save(buffer);
        return buffer.ToArray();
    }

    public void Dispose()
    {
        optimizer.Dispose();
        labelEstimates?.Dispose();
        observed.Dispose();
        truth?.Dispose();
    }
}
