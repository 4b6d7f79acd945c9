namespace Aevlp.ServiceDefaults;

/// <summary>How a worker replica names itself in its reports, the registry's stage attempts and the teacher pass's
/// manifest, unless configured otherwise: one form for every worker service.</summary>
public static class WorkerName
{
    public static string Default { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
