using Aevlp.ML.Teachers;
using Aevlp.ML.Data;
using Aevlp.ML.Training;

namespace Aevlp.ML.Tests.Training;

/// <summary>
/// Teacher logits that look like CLIP cosine similarities: about 0.25 for present classes and 0.20 for absent ones,
/// plus noise, independently per view and variant. Stands in for the teacher service in loop tests.
/// </summary>
internal static class SyntheticTeacher
{
    public static TeacherLogits For(LabelMatrix truth, int views, int variants, int seed)
    {
        var random = new Random(seed);
        var values = new float[truth.Rows * views * variants * truth.Classes];
        for (int i = 0, at = 0; i < truth.Rows; i++)
        for (int v = 0; v < views * variants; v++)
        for (int c = 0; c < truth.Classes; c++)
            values[at++] = (truth[i, c] == 1 ? 0.25f : 0.20f) + 0.02f * (float)(random.NextDouble() - 0.5);
        return new TeacherLogits(values, truth.Rows, views, variants, truth.Classes);
    }
}
