using Aevlp.ML.Teachers;
using Aevlp.ML.Data;

namespace Aevlp.ML.Training;

/// <summary>What a run trains and evaluates on: train with observed labels, val and test with clean labels (spec §1).</summary>
/// <param name="Test">Scored with the best checkpoint at the end; null skips that, as the platform's trainer does
/// (its evaluator scores the exported model).</param>
/// <param name="ClassNames">One per label column; recorded in the exported model.</param>
public sealed record TrainingData(SpmlSplit Train, SpmlSplit Val, SpmlSplit? Test, IReadOnlyList<string> ClassNames)
{
    /// <summary>Teacher logits of the train images, in <see cref="Train"/>'s row order; needed by losses that use pseudo-labels.</summary>
    public TeacherLogits? Teacher { get; init; }

    internal void Validate()
    {
        foreach (var (split, name) in new[] { (Train, nameof(Train)), (Val, nameof(Val)), (Test, nameof(Test)) })
        {
            if (split is null) continue;
            if (split.Classes != ClassNames.Count)
                throw new Contracts.InvalidInputException($"{name}: {split.Classes} label columns, expected {ClassNames.Count} (one per class name)");
        }
        if (Teacher is not null && (Teacher.Images != Train.Count || Teacher.Classes != ClassNames.Count))
            throw new Contracts.InvalidInputException(
                $"teacher logits: [{Teacher.Images}, …, {Teacher.Classes}], expected {Train.Count} train images × {ClassNames.Count} classes");
    }
}
