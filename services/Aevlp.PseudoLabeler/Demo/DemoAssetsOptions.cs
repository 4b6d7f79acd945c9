using System.ComponentModel.DataAnnotations;

namespace Aevlp.PseudoLabeler.Demo;

/// <summary>Configuration section <c>DemoAssets</c>: the embedded fashion-mosaic dataset and its demo teacher.</summary>
public sealed record DemoAssetsOptions : IValidatableObject
{
    public const string Section = "DemoAssets";

    /// <summary>Seed blob storage with the demo at start when it has no fashion-mosaic version yet.</summary>
    public bool Enabled { get; init; } = true;

    public int Seed { get; init; } = 1200;

    [Range(56, 1024)]
    public int CanvasSize { get; init; } = 96;

    [Range(1, 60000)]
    public int TrainCount { get; init; } = 2000;

    [Range(1, 10000)]
    public int TestCount { get; init; } = 500;

    /// <summary>Labelled single garments per class kept out of every mosaic.</summary>
    [Range(1, 1000)]
    public int HeldOutPerClass { get; init; } = 16;

    /// <summary>K: held-out garments averaged into each class embedding of the demo teacher.</summary>
    [Range(1, 1000)]
    public int ExamplesPerClass { get; init; } = 16;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ExamplesPerClass > HeldOutPerClass)
            yield return new ValidationResult(
                $"DemoAssets:ExamplesPerClass is {ExamplesPerClass}, expected ≤ DemoAssets:HeldOutPerClass ({HeldOutPerClass})",
                [nameof(ExamplesPerClass)]);
    }
}
