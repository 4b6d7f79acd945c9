using Aevlp.Registry.Api;
using Aevlp.Contracts;
using Aevlp.Registry.Models;
using Aevlp.Registry.Tests.Support;

namespace Aevlp.Registry.Tests;

/// <summary>A sweep is a parent run that trains nothing itself and one ordinary child run per combination.</summary>
[Collection(RegistryCollection.Name)]
public sealed class SweepTests(RegistryFixture fixture)
{
    private static readonly object Grid = new { lr = new[] { 0.1, 0.01 }, bsize = new[] { 8, 16 } };
    private readonly RegistryClient registry = new(fixture);
    private readonly Workers workers = new(fixture);

    [Fact]
    public async Task A_two_by_two_sweep_runs_four_children_and_finishes_when_they_have()
    {
        var dataset = await registry.NewDatasetAsync();
        var parentId = await registry.StartRunAsync(new { dataset, sweep = Grid });

        var parent = await registry.GetRunAsync(parentId);
        Assert.True(parent.Run.IsSweep);
        Assert.Equal(4, parent.Children.Count);
        var children = parent.Children.Select(child => child.Id).ToList();
        var commands = await Task.WhenAll(children.Select(id => workers.PseudoLabelsCommandAsync(id)));
        Assert.Empty(fixture.Messages.All<GeneratePseudoLabels>(c => c.RunId == parentId));
        Assert.All(children, id => Assert.Contains(fixture.Messages.All<RunAccepted>(a => a.RunId == id), a => a.ParentRunId == parentId));

        var points = new List<(double, int)>();
        for (var i = 0; i < children.Count; i++)
        {
            await workers.CompleteAsync(children[i], testMap: 50 + i);
            var child = await registry.WaitForRunAsync(children[i], run => run.Run.Status == RunStatus.Finished);
            points.Add((child.Config["lr"]!.GetValue<double>(), child.Config["bsize"]!.GetValue<int>()));
        }

        Assert.Equal([(0.1, 8), (0.01, 8), (0.1, 16), (0.01, 16)], points);
        Assert.Equal(4, commands.Length);
        await registry.WaitForRunAsync(parentId, run => run.Run.Status == RunStatus.Finished);
    }

    [Fact]
    public async Task Cancelling_a_sweep_kills_its_children_then_itself()
    {
        var dataset = await registry.NewDatasetAsync();
        var parentId = await registry.StartRunAsync(new { dataset, sweep = Grid });

        var response = await fixture.Http.PostAsync($"/api/runs/{parentId}/cancel", null);

        response.EnsureSuccessStatusCode();
        var parent = await registry.WaitForRunAsync(parentId, run => run.Run.Status == RunStatus.Killed);
        Assert.All(parent.Children, child => Assert.Equal(RunStatus.Killed, child.Status));
    }
}
