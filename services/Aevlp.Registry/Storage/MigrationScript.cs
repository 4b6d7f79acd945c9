using System.Reflection;

namespace Aevlp.Registry.Storage;

/// <summary>An embedded migration, <c>NNNN_name.sql</c>; NNNN is its version.</summary>
public sealed record MigrationScript(int Version, string Name, string Sql)
{
    private const string Folder = ".Storage.Migrations.";

    public static IEnumerable<MigrationScript> All()
    {
        var assembly = typeof(MigrationScript).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(resource => resource.Contains(Folder, StringComparison.Ordinal) && resource.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(resource => Read(assembly, resource));
    }

    private static MigrationScript Read(Assembly assembly, string resource)
    {
        var fileName = resource[(resource.IndexOf(Folder, StringComparison.Ordinal) + Folder.Length)..^".sql".Length];
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return new MigrationScript(int.Parse(fileName[..4]), fileName[5..], reader.ReadToEnd());
    }
}
