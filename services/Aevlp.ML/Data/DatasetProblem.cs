namespace Aevlp.ML.Data;

/// <summary>One thing wrong with a dataset: the file, the row when there is one, and what was expected.</summary>
public sealed record DatasetProblem(string File, int? Row, string Message)
{
    public override string ToString() => Row is int row ? $"{File}, row {row}: {Message}" : $"{File}: {Message}";
}
