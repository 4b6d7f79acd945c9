using Aevlp.ML.Inference;
using Aevlp.ML.Npy;
using Aevlp.ML.Teachers;
using Aevlp.ML.Tests.Fixtures;

namespace Aevlp.ML.Tests.Teachers;

public sealed class TeacherLogitsMergeTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Chunks_scored_apart_and_merged_are_the_bytes_of_one_pass(bool float16)
    {
        var images = TinyTeacher.Images(temp.Path, 7);
        using var teacher = Teacher.Load(TinyTeacher.Write(temp.Sub("teacher")), OnnxExecution.Cpu());
        // 2 × 3 views per image, 13 per batch: two images per batch, and crops seeded per image.
        var options = new TeacherScoringOptions(GridSize: 1, Variants: 3, BatchSize: 13, Seed: 5);
        Assert.Equal(2, options.ImagesPerBatch);
        var scorer = new TeacherScorer(teacher);
        var whole = await scorer.ScoreAsync(images, options);

        using var merged = new MemoryStream();
        var merge = new TeacherLogitsMerge(merged, [7, 2, 3, TinyTeacher.Classes], float16);
        foreach (var (first, count) in new[] { (0, 4), (4, 2), (6, 1) })
        {
            var chunk = await scorer.ScoreRangeAsync(images, first, count, options);
            await merge.AppendAsync(Npy(chunk.ToNpy(float16)), first, $"chunk {first}", CancellationToken.None);
        }
        merge.Complete();

        Assert.Equal(Npy(whole.ToNpy(float16)).ToArray(), merged.ToArray());
    }

    [Fact]
    public async Task A_chunk_out_of_order_of_another_shape_or_dtype_or_a_missing_tail_is_refused_naming_the_chunk()
    {
        var chunk = new TeacherLogits(new float[2 * 2 * 1 * 3], 2, 2, 1, 3);
        var merge = new TeacherLogitsMerge(new MemoryStream(), [4, 2, 1, 3], float16: true);

        var late = await Assert.ThrowsAsync<InvalidDataException>(() => merge.AppendAsync(Npy(chunk.ToNpy(true)), 2, "c/2", CancellationToken.None));
        var single = await Assert.ThrowsAsync<InvalidDataException>(() => merge.AppendAsync(Npy(chunk.ToNpy(false)), 0, "c/0", CancellationToken.None));
        var wide = new TeacherLogits(new float[2 * 2 * 1 * 4], 2, 2, 1, 4);
        var shape = await Assert.ThrowsAsync<InvalidDataException>(() => merge.AppendAsync(Npy(wide.ToNpy(true)), 0, "c/0", CancellationToken.None));
        await merge.AppendAsync(Npy(chunk.ToNpy(true)), 0, "c/0", CancellationToken.None);
        var tail = Assert.Throws<InvalidDataException>(merge.Complete);

        Assert.Equal("c/2: starts at image 2, expected 0 (chunks tile the pass in order)", late.Message);
        Assert.Equal("c/0: <f4 (2, 2, 1, 3), expected <f2 (1..4, 2, 1, 3)", single.Message);
        Assert.Equal("c/0: <f2 (2, 2, 1, 4), expected <f2 (1..4, 2, 1, 3)", shape.Message);
        Assert.Equal("merged 2 of 4 images: chunks missing at the end", tail.Message);
    }

    private static MemoryStream Npy(NpyArray array)
    {
        var stream = new MemoryStream();
        NpyFile.Write(stream, array);
        stream.Position = 0;
        return stream;
    }
}
