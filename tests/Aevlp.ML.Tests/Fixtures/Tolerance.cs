namespace Aevlp.ML.Tests.Fixtures;

/// <summary>The fixtures' pass rule: |actual − expected| ≤ atol + rtol·|expected|.</summary>
public static class Tolerance
{
    public static void Close(double expected, double actual, double atol, double rtol, string what)
    {
        double allowed = atol + rtol * Math.Abs(expected);
        Assert.True(Math.Abs(actual - expected) <= allowed,
            $"{what}: expected {expected:R}, got {actual:R} (|diff| {Math.Abs(actual - expected):E3} > {allowed:E3})");
    }

    public static void AllClose(double[] expected, double[] actual, double atol, double rtol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Close(expected[i], actual[i], atol, rtol, $"{what}[{i}]");
        }
    }
}
