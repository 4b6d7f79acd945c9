using System.Text.Json.Nodes;
using Aevlp.Configuration;
using Aevlp.Registry.Configuration;

namespace Aevlp.Registry.Tests.Configuration;

public sealed class SweepGridTests
{
    [Fact]
    public void A_two_by_two_sweep_is_four_points_covering_every_combination()
    {
        var sweep = new Dictionary<string, JsonArray> { ["lr"] = [0.1, 0.01], ["bsize"] = [8, 16] };

        var points = SweepGrid.Points(sweep).Select(point => point.ToJsonString()).ToList();

        Assert.Empty(SweepGrid.Check(sweep));
        Assert.Equal(["{\"bsize\":8,\"lr\":0.1}", "{\"bsize\":8,\"lr\":0.01}", "{\"bsize\":16,\"lr\":0.1}", "{\"bsize\":16,\"lr\":0.01}"], points);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void Unknown_keys_empty_lists_and_oversized_grids_are_problems()
    {
        var sweep = new Dictionary<string, JsonArray>
        {
            ["learning_rate"] = [0.1],
            ["bsize"] = [],
            ["seed"] = [.. Enumerable.Range(0, 65).Select(seed => JsonValue.Create(seed))],
        };

        var problems = SweepGrid.Check(sweep).Select(p => p.ToString()).ToList();

        Assert.Equal(
        [
            "sweep.learning_rate: not a config key that can be swept",
            "sweep.bsize: expected a non-empty list of values",
            "sweep: 65 combinations; expected at most 64",
        ], problems);
    }
}
