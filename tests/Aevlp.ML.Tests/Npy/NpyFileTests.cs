using Aevlp.ML.Npy;

namespace Aevlp.ML.Tests.Npy;

public class NpyFileTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Npy", "data", name);

    [Fact]
    public void Reads_numpy_float32_matrix()
    {
        var array = NpyFile.Read(Fixture("float32_2x3.npy"));
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal(new float[] { 1.5f, -2f, 3.25f, 0f, 1e-7f, -1e30f }, array.As<float>());
    }

    [Fact]
    public void Reads_every_numeric_dtype()
    {
        Assert.Equal(new[] { Math.PI, -0.5, 1e300 }, NpyFile.Read(Fixture("float64_3.npy")).As<double>());
        Assert.Equal(new sbyte[] { -128, 0, 127 }, NpyFile.Read(Fixture("int8.npy")).As<sbyte>());
        Assert.Equal(new short[] { -32768, 1, 32767 }, NpyFile.Read(Fixture("int16.npy")).As<short>());
        Assert.Equal(new[] { int.MinValue, 2, 3, int.MaxValue }, NpyFile.Read(Fixture("int32_2x2.npy")).As<int>());
        Assert.Equal(new[] { long.MinValue, 0, long.MaxValue }, NpyFile.Read(Fixture("int64.npy")).As<long>());
        Assert.Equal(new byte[] { 0, 128, 255 }, NpyFile.Read(Fixture("uint8.npy")).As<byte>());
        Assert.Equal(new[] { true, false, true }, NpyFile.Read(Fixture("bool.npy")).As<bool>());
    }

    [Fact]
    public void Reads_and_writes_numpy_float16()
    {
        var array = NpyFile.Read(Fixture("float16_2x2.npy"));
        Assert.Equal("<f2", array.DType.Descr);
        Assert.Equal(new[] { (Half)0.5f, (Half)(-1f), Half.MaxValue, (Half)0.0009765625f }, array.As<Half>());
        using var written = new MemoryStream();
        NpyFile.Write(written, NpyArray.Of(array.As<Half>(), 2, 2));
        Assert.Equal(File.ReadAllBytes(Fixture("float16_2x2.npy")), written.ToArray());
    }

    [Fact]
    public void Reads_utf32_strings_including_astral_characters()
    {
        var array = NpyFile.Read(Fixture("strings.npy"));
        Assert.Equal("<U20", array.DType.Descr);
        Assert.Equal(new[] { "2008_000008.jpg", "train2014/COCO_1.jpg", "ü€😀" }, array.As<string>());
    }

    [Fact]
    public void Reads_format_versions_2_and_3_empty_and_scalar_arrays()
    {
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, NpyFile.Read(Fixture("version2.npy")).As<int>());
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, NpyFile.Read(Fixture("version3.npy")).As<int>());
        var empty = NpyFile.Read(Fixture("empty_0x5.npy"));
        Assert.Equal([0, 5], empty.Shape);
        Assert.Equal(0, empty.Length);
        var scalar = NpyFile.Read(Fixture("scalar.npy"));
        Assert.Empty(scalar.Shape);
        Assert.Equal(new[] { 42.0 }, scalar.As<double>());
    }

    [Fact]
    public void Converts_labels_of_any_numeric_dtype_to_doubles()
    {
        var obs = NpyFile.Read(Fixture("labels_obs_4x3.npy"));
        Assert.Equal(new double[] { 1, 0, -1, 0, 1, 0, 0, 0, 1, -1, 1, 0 }, obs.ToDoubles());
        Assert.Equal(new double[] { 1, 0, 1 }, NpyFile.Read(Fixture("bool.npy")).ToDoubles());
    }

    [Theory]
    [InlineData("float32_2x3.npy")]
    [InlineData("int32_2x2.npy")]
    [InlineData("bool.npy")]
    [InlineData("strings.npy")]
    [InlineData("empty_0x5.npy")]
    public void Writes_the_same_bytes_as_numpy(string name)
    {
        byte[] numpyBytes = File.ReadAllBytes(Fixture(name));
        var stream = new MemoryStream();
        NpyFile.Write(stream, NpyFile.Read(Fixture(name)));
        Assert.Equal(numpyBytes, stream.ToArray());
    }

    [Fact]
    public void Round_trips_every_dtype_through_a_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        try
        {
            RoundTrip(NpyArray.Of(new[] { 1.5f, 2f, 3f, 4f, 5f, 6f }, 3, 2), path);
            RoundTrip(NpyArray.Of(new[] { 1.0, -2.0 }), path);
            RoundTrip(NpyArray.Of(new sbyte[] { -1, 1 }), path);
            RoundTrip(NpyArray.Of(new short[] { -1, 1 }), path);
            RoundTrip(NpyArray.Of(new[] { -1, 1 }), path);
            RoundTrip(NpyArray.Of(new[] { -1L, 1L }), path);
            RoundTrip(NpyArray.Of(new byte[] { 0, 255 }), path);
            RoundTrip(NpyArray.Of(new[] { true, false }), path);
            RoundTrip(NpyArray.OfStrings(["a", "", "päth/ü.jpg", "😀x"]), path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void RoundTrip(NpyArray array, string path)
    {
        NpyFile.Write(path, array);
        var read = NpyFile.Read(path);
        Assert.Equal(array.DType, read.DType);
        Assert.Equal(array.Shape, read.Shape);
        Assert.Equal(array.Data, read.Data);
    }

    [Theory]
    [InlineData("fortran.npy", "Fortran-order")]
    [InlineData("bigendian.npy", "big-endian dtype '>f8'")]
    [InlineData("complex.npy", "unsupported dtype '<c8'")]
    [InlineData("truncated.npy", "truncated: expected 24 bytes")]
    public void Rejects_unsupported_files_naming_the_file_and_the_problem(string name, string problem)
    {
        var error = Assert.Throws<NpyFormatException>(() => NpyFile.Read(Fixture(name)));
        Assert.StartsWith(Fixture(name) + ": ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_npy()
    {
        var error = Assert.Throws<NpyFormatException>(() => NpyFile.Read(new MemoryStream("hello, world"u8.ToArray()), "notes.txt"));
        Assert.Equal("notes.txt: not a .npy file (expected the magic bytes \\x93NUMPY)", error.Message);
    }
}
