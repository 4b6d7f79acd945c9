namespace Aevlp.Configuration;

/// <summary>One thing wrong with a run request, naming the field (<c>config.lr</c>, <c>sweep.bsize</c>,
/// <c>dataset</c>) and what was expected.</summary>
public sealed record ConfigProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
