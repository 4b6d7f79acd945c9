namespace Aevlp.Cli.Tests;

/// <summary>What the CLI does before it talks to anything: usage errors and help, as plain text.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData("runs", "show", "not-a-run-id")]
    [InlineData("train", "--set", "lr=0.1")]
    [InlineData("datasets", "synth", "fashion-mosaic", "--train", "many")]
    [InlineData("runs", "list", "--registry", "localhost:5100")]
    [InlineData("no-such-command")]
    public async Task A_bad_command_line_prints_the_usage_on_stderr_and_exits_2(params string[] args)
    {
        var result = await CliResult.RunAsync(args);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("Usage:", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_config_without_a_dataset_is_a_usage_error()
    {
        var config = Path.GetTempFileName();
        await File.WriteAllTextAsync(config, """{ "lr": 0.001 }""");

        var result = await CliResult.RunAsync("train", "--config", config, "--registry", "http://127.0.0.1:9");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("no dataset: give --dataset NAME", result.Error);
        // Found after parsing: the error and where help is, not the usage.
        Assert.EndsWith("See 'aevlp train --help'.\n", result.Error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("Usage:", result.Error);
        File.Delete(config);
    }

    [Theory]
    [InlineData("--grid", "5", "grid 5: expected 2 to 4 cells per side")]
    [InlineData("--max-items", "7", "items per image must satisfy 1 ≤ min ≤ max ≤ 4; got min 1, max 7")]
    [InlineData("--occlusion", "0.6", "occlusion 0.6: expected 0 to 0.5")]
    public async Task A_synthetic_dataset_option_out_of_range_is_a_usage_error_naming_its_value(string flag, string value, string message)
    {
        var result = await CliResult.RunAsync("datasets", "synth", "fashion-mosaic", flag, value, "--registry", "http://127.0.0.1:9");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public async Task Help_is_plain_text_when_stdout_is_not_a_terminal()
    {
        var result = await CliResult.RunAsync("runs", "--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Out);
        Assert.Equal(RunsHelp, result.Out.ReplaceLineEndings("\n"));
    }

    private const string RunsHelp = """
        Description:
          Training runs

        Usage:
          aevlp runs [command] [options]

        Options:
          -?, -h, --help         Show help and usage information
          --registry <registry>  The registry's URL ($AEVLP_REGISTRY, else http://localhost:5100, when absent) [default: http://localhost:5100]
          --api-key <api-key>    Sent as 'Authorization: Bearer KEY' on every request ($AEVLP_API_KEY when absent)
          --json                 Write the result as JSON instead of text (the registry's shapes; predict and imports: the CLI's own)

        Commands:
          list         Runs, newest first
          show <ID>    A run: status, progress, test metrics, error and links; a sweep's or search's trials as a leaderboard
          watch <ID>   Follow a run until it ends; exit code 1 when it FAILED, was KILLED or PRUNED
          cancel <ID>  Cancel a run (a sweep or search cancels its trials)


        """;
}
