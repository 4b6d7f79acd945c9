using System.Text.Json;

namespace Aevlp.ML.Tests.Fixtures;

/// <summary>
/// One reference fixture file (see tests/fixtures/README.md). The folder is $AEVLP_FIXTURES_DIR when set,
/// else tests/fixtures found by walking up from the test assembly to the repository root.
/// </summary>
public sealed class FixtureFile
{
    private const string DirectoryVariable = "AEVLP_FIXTURES_DIR";
    private static readonly Dictionary<string, FixtureFile> Loaded = [];

    private FixtureFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        Path = path;
        DefaultTolerance = root.TryGetProperty("tolerance", out var tolerance) ? tolerance.Clone() : default;
        Cases = root.GetProperty("cases").EnumerateArray()
            .Select(c => c.Clone())
            .ToDictionary(c => c.GetProperty("name").GetString()!);
    }

    public string Path { get; }
    public JsonElement DefaultTolerance { get; }
    public IReadOnlyDictionary<string, JsonElement> Cases { get; }

    public static FixtureFile Load(string fileName)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(fileName, out var file))
            {
                file = new FixtureFile(System.IO.Path.Combine(Directory(), fileName));
                Loaded[fileName] = file;
            }
            return file;
        }
    }

    /// <summary>Case names for xunit's MemberData, so every case is reported on its own.</summary>
    public static TheoryData<string> CaseNames(string fileName) => new(Load(fileName).Cases.Keys);

    /// <summary>A case's own "tolerance" object, else the file's.</summary>
    public JsonElement ToleranceOf(JsonElement testCase) =>
        testCase.TryGetProperty("tolerance", out var own) ? own : DefaultTolerance;

    private static string Directory()
    {
        var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(configured)) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "tests", "fixtures");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(
            $"no tests/fixtures above {AppContext.BaseDirectory}; set {DirectoryVariable}");
    }
}
