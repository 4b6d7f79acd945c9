namespace Aevlp.Testing;

/// <summary>A fresh folder under /tmp for one test (an AppHost's data folder, a file to pass), deleted with everything
/// in it on dispose. It keeps the default mode rather than <see cref="Directory.CreateTempSubdirectory(string?)"/>'s
/// 0700, which PostgreSQL, run as its own user when the tests run as root, could not enter.</summary>
public sealed class TestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aevlp-test-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public override string ToString() => Path;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
