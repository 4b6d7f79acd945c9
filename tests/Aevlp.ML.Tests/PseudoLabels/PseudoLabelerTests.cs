using Aevlp.ML.PseudoLabels;

namespace Aevlp.ML.Tests.PseudoLabels;

public class PseudoLabelerTests
{
    // One image, 2×2 grid (5 views), 4 classes. The observed positive is class 0.
    // By hand (temp 1): g ≈ [.396 .178 .265 .161]; tile max α ≈ [.434 .328 .195 .176] clears η = min(.396, .3)
    // for classes 0 and 1 only, so final ≈ [.415 .253 .214 .154]; mixed ≈ [.406 .203 .226 .165].
    private static readonly float[] Views =
    [
        0.9f, 0.1f, 0.5f, 0.0f, // whole image
        0.9f, 0.8f, 0.1f, 0.0f, // tile: class 1 clearly visible
        0.9f, 0.1f, 0.1f, 0.0f,
        0.9f, 0.1f, 0.1f, 0.0f,
        0.9f, 0.1f, 0.1f, 0.0f,
    ];

    private static readonly PseudoLabelSettings Settings = new(Temperature: 1.0, Eta: 0.3, TopK: 2, Threshold: 0.1, NegativeRatio: 0.25);

    [Fact]
    public void Damp_finds_a_class_only_one_tile_sees()
    {
        var labels = PseudoLabeler.LabelImage(Views, 5, observedClass: 0, Settings);
        Assert.Equal(new sbyte[] { 1, 1, 0, -1 }, labels);
    }

    [Fact]
    public void Global_view_only_ranks_by_the_whole_image_alone()
    {
        var labels = PseudoLabeler.LabelImage(Views, 5, observedClass: 0, Settings, ViewAggregation.GlobalViewOnly);
        Assert.Equal(new sbyte[] { 1, 0, 1, -1 }, labels);
    }

    [Fact]
    public void Negative_ratio_zero_gives_no_negatives_as_the_released_code()
    {
        var labels = PseudoLabeler.LabelImage(Views, 5, 0, Settings with { NegativeRatio = 0 });
        Assert.DoesNotContain((sbyte)-1, labels);
    }

    [Fact]
    public void Damp_without_tiles_is_rejected_naming_the_shape()
    {
        var error = Assert.Throws<ArgumentException>(
            () => PseudoLabeler.Generate(new ViewLogits(new float[4], 1, 1, 4), [0], Settings));
        Assert.Equal("logits", error.ParamName);
        Assert.Contains("1 view", error.Message);
    }

    [Fact]
    public void Row_without_a_single_observed_positive_is_rejected()
    {
        var observed = new RowMajorMatrix<sbyte>([1, 0, 1, 1], 2, 2);
        var error = Assert.Throws<ArgumentException>(() => ObservedPositives.ClassOf(observed));
        Assert.Equal("observed", error.ParamName);
        Assert.Contains("row 1, got 2", error.Message);
    }

    [Fact]
    public void Wrong_value_count_names_the_expected_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => new ViewLogits(new float[10], 2, 5, 4));
        Assert.Equal("values", error.ParamName);
        Assert.Contains("[2, 5, 4]", error.Message);
    }
}
