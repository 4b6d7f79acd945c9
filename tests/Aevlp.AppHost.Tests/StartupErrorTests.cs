using Aevlp.Testing;
namespace Aevlp.AppHost.Tests;

/// <summary>What a user sees when local mode cannot start: one line that says what to do, at once.</summary>
public sealed class StartupErrorTests
{
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Missing_local_binaries_stop_the_apphost_with_one_line_naming_setup_sh()
    {
        using var dataDir = new TestFolder();
        var outcome = await AppHostProcess.RunAsync(AtOnce,
            "--Infrastructure:Mode=local", "--Infrastructure:PostgresBinDir=/nonexistent/postgresql/bin",
            $"--Infrastructure:DataDir={dataDir}");

        Assert.Equal(1, outcome.ExitCode);
        var line = Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("infra/setup.sh", line);
        Assert.Contains("/nonexistent/postgresql/bin/postgres", line);
    }

    [Fact]
    public async Task An_unwritable_data_folder_is_named_in_one_line()
    {
        var outcome = await AppHostProcess.RunAsync(AtOnce, "--Infrastructure:Mode=local", "--Infrastructure:DataDir=/proc/aevlp-data");

        Assert.Equal(1, outcome.ExitCode);
        var line = Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'/proc/aevlp-data' is not writable", line);
        Assert.Contains("Infrastructure:DataDir", line);
    }

    [Fact]
    public async Task An_unknown_mode_lists_the_allowed_ones()
    {
        var outcome = await AppHostProcess.RunAsync(AtOnce, "--Infrastructure:Mode=cloud");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Infrastructure:Mode is 'cloud'; expected one of auto, local, container.", outcome.StandardError);
    }

    [Fact]
    public async Task A_bind_address_that_is_not_an_ipv4_address_is_named()
    {
        var outcome = await AppHostProcess.RunAsync(AtOnce, "--Infrastructure:Mode=local", "--Infrastructure:BindAddress=everywhere");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Infrastructure:BindAddress is 'everywhere'; expected an IPv4 address of this machine, such as 127.0.0.1, 0.0.0.0 or 192.168.1.10.",
            outcome.StandardError);
    }
}
