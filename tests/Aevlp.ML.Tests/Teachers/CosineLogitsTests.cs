using Aevlp.ML.Teachers;

namespace Aevlp.ML.Tests.Teachers;

public sealed class CosineLogitsTests
{
    private static readonly ClassEmbeddings ThreeClasses = ClassEmbeddings.FromRows([3f, 0f, 0f, 4f, 1f, 1f], 3, 2, "test");

    private static float[] Logits(params float[] embedding)
    {
        var logits = new float[3];
        ThreeClasses.CosineLogits(embedding, logits);
        return logits;
    }

    [Fact]
    public void Logit_is_the_cosine_of_the_angle_whatever_either_length()
    {
        float diagonal = MathF.Sqrt(0.5f);
        Assert.Equal([1f, 0f, diagonal], Logits(2f, 0f), new FloatTolerance(1e-6f));
        Assert.Equal([0f, 1f, diagonal], Logits(0f, 0.01f), new FloatTolerance(1e-6f));
        Assert.Equal([-diagonal, diagonal, 0f], Logits(-5f, 5f), new FloatTolerance(1e-6f));
        Assert.Equal(Logits(0.6f, 0.8f), Logits(60f, 80f), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void A_zero_embedding_scores_zero_rather_than_nan()
    {
        Assert.Equal([0f, 0f, 0f], Logits(0f, 0f));
    }

    [Fact]
    public void Rows_that_cannot_be_normalised_are_refused_with_their_index()
    {
        var error = Assert.Throws<TeacherException>(() => ClassEmbeddings.FromRows([1f, 0f, float.NaN, 0f], 2, 2, "e.npy"));
        Assert.Equal("e.npy: row 1 has norm NaN; expected a finite non-zero embedding per class", error.Message);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float value) => 0;
    }
}
