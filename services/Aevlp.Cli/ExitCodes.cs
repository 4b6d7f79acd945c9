namespace Aevlp.Cli;

/// <summary>What <c>aevlp</c> exits with (README "Command line").</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed: a refused request, an unreachable registry, a run that ended FAILED or
    /// KILLED, a dataset with problems, a model version that does not exist.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong. A parse error prints the errors and the usage on stderr; a problem found
    /// after parsing (<see cref="UsageException"/>) prints <c>error: …</c> and <c>See 'aevlp COMMAND --help'.</c>.</summary>
    public const int Usage = 2;
}
