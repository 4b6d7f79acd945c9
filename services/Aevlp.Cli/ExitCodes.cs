namespace Aevlp.Cli;

/// <summary>What <c>aevlp</c> exits with (README "Command line").</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed: a refused request, an unreachable registry, a run that ended FAILED or
    /// KILLED, a dataset with problems.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong; the usage is printed on stderr.</summary>
    public const int Usage = 2;
}
