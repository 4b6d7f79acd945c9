namespace Aevlp.ML.Data;

/// <summary>
/// A dataset with problems. Carries every problem found (so a user fixes them in one pass); the message
/// lists the first <see cref="ListedInMessage"/> and counts the rest.
/// </summary>
public sealed class DatasetValidationException(string dataset, IReadOnlyList<DatasetProblem> problems)
    : Contracts.InvalidInputException(Describe(dataset, problems))
{
    public const int ListedInMessage = 20;

    public IReadOnlyList<DatasetProblem> Problems { get; } = problems;

    private static string Describe(string dataset, IReadOnlyList<DatasetProblem> problems)
    {
        var lines = problems.Take(ListedInMessage).Select(p => "  " + p);
        string more = problems.Count > ListedInMessage ? $"\n  … and {problems.Count - ListedInMessage} more" : "";
        return $"dataset {dataset} has {problems.Count} problem(s):\n{string.Join('\n', lines)}{more}";
    }
}
