namespace Aevlp.Testing;

/// <summary>The processes of one platform's worker replicas. DCP starts them, not the test process, and other test projects
/// may run the same workers beside them, so a replica is known by its command line (the worker's assembly) and by this
/// platform's broker in its environment.</summary>
public static class PlatformProcesses
{
    /// <summary>The ids of the running processes of <paramref name="assembly"/> (e.g. <c>Aevlp.Trainer</c>) connected to
    /// <paramref name="brokerConnectionString"/>.</summary>
    public static List<int> Of(string assembly, string brokerConnectionString)
    {
        var broker = $"ConnectionStrings__messaging={brokerConnectionString}";
        return [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName)
            .Select(name => int.TryParse(name, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ProcFile(pid, "cmdline").Contains(assembly, StringComparison.Ordinal)
                && ProcFile(pid, "environ").Split('\0').Contains(broker))];
    }

    /// <summary>The processes of each replica: DCP starts a project as <c>dotnet run</c>, which starts the service under it, so
    /// a replica is a process of <see cref="Of"/> whose parent is not one, with those of its children that are.</summary>
    public static List<List<int>> Replicas(string assembly, string brokerConnectionString)
    {
        var all = Of(assembly, brokerConnectionString);
        var parents = all.ToDictionary(pid => pid, ParentOf);
        return [.. all.Where(pid => !all.Contains(parents[pid])).Select(root => (List<int>)[root, .. all.Where(pid => parents[pid] == root)])];
    }

    private static int ParentOf(int pid) =>
        ProcFile(pid, "status").Split('\n').FirstOrDefault(line => line.StartsWith("PPid:", StringComparison.Ordinal)) is { } line
            && int.TryParse(line["PPid:".Length..].Trim(), out var parent) ? parent : 0;

    /// <summary>SIGKILLs the processes; one already gone is not an error.</summary>
    public static void Kill(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // exited since it was listed
            }
        }
    }

    private static string ProcFile(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "";   // gone since the listing, or not ours to read
        }
    }
}
