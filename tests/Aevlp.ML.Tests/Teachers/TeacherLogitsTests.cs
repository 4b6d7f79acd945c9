using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;

namespace Aevlp.ML.Tests.Teachers;

public sealed class TeacherLogitsTests
{
    /// <summary>[N=2, V=3, A=2, C=2] with value = 1000·image + 100·view + 10·variant + class.</summary>
    private static TeacherLogits Indexed()
    {
        var values = new float[2 * 3 * 2 * 2];
        for (int n = 0, i = 0; n < 2; n++)
        for (int v = 0; v < 3; v++)
        for (int a = 0; a < 2; a++)
        for (int c = 0; c < 2; c++)
            values[i++] = 1000 * n + 100 * v + 10 * a + c;
        return new TeacherLogits(values, 2, 3, 2, 2);
    }

    [Fact]
    public void Layout_is_image_view_variant_class()
    {
        Assert.Equal([1210f, 1211f], Indexed().Logits(1, 2, 1).ToArray());
        var flipped = Indexed().Variant(1);
        Assert.Equal([1110f, 1111f], flipped.Image(1).Slice(2, 2).ToArray());
    }

    [Fact]
    public void Sampling_draws_one_variant_per_image_and_view_with_both_states_seen()
    {
        var logits = Indexed();
        var variants = new HashSet<float>();
        for (int epoch = 1; epoch <= 20; epoch++)
        {
            var sampled = logits.Sample(seed: 1, epoch);
            for (int n = 0; n < 2; n++)
            for (int v = 0; v < 3; v++)
            {
                var pair = sampled.Image(n).Slice(v * 2, 2);
                float variant = (pair[0] - 1000 * n - 100 * v) / 10;
                Assert.Contains(variant, new[] { 0f, 1f });
                Assert.Equal(pair[0] + 1, pair[1]);
                variants.Add(variant);
            }
        }
        Assert.Equal(2, variants.Count);
    }

    [Theory]
    [InlineData(true, "<f2")]
    [InlineData(false, "<f4")]
    public void Round_trips_through_npy_as_float16_or_float32(bool float16, string descr)
    {
        var logits = Indexed();
        using var stream = new MemoryStream();
        NpyFile.Write(stream, logits.ToNpy(float16));
        stream.Position = 0;
        var array = NpyFile.Read(stream, "logits.npy");

        var back = TeacherLogits.FromNpy(array, "logits.npy");
        Assert.Equal(descr, array.DType.Descr);
        Assert.Equal([2, 3, 2, 2], array.Shape);
        Assert.Equal(logits.Values, back.Values);
    }

    [Fact]
    public void Reading_a_wrong_shape_names_the_source()
    {
        var error = Assert.Throws<InvalidDataException>(() => TeacherLogits.FromNpy(NpyArray.Of(new float[6], 2, 3), "pseudo-labels/k/logits.npy"));
        Assert.Equal("pseudo-labels/k/logits.npy: shape (2, 3), expected [images, views, variants, classes]", error.Message);
    }
}
