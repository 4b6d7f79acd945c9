namespace Aevlp.ML.Tests.Fixtures;

/// <summary>An empty or missing fixture file must fail the run, not silently yield zero theory cases.</summary>
[Trait("Category", "Fixtures")]
public class FixtureFilesTests
{
    [Theory]
    [InlineData("gpr_loss.json")]
    [InlineData("baseline_losses.json")]
    [InlineData("schedules.json")]
    [InlineData("damp.json")]
    [InlineData("map.json")]
    [InlineData("pseudo_label_quality.json")]
    public void File_holds_cases(string fileName)
    {
        var file = FixtureFile.Load(fileName);
        Assert.True(file.Cases.Count > 0, $"{file.Path} holds no cases");
    }
}
