namespace Aevlp.ML.Teachers;

/// <summary>A teacher's files are missing, unreadable or inconsistent. A retry cannot fix it, so workers
/// report it as a failed run instead of retrying.</summary>
public sealed class TeacherException(string file, string problem, Exception? inner = null)
    : Contracts.InvalidInputException($"{file}: {problem}", inner)
{
    /// <summary>The teacher file at fault (path or blob name).</summary>
    public string File { get; } = file;

    public string Problem { get; } = problem;
}
