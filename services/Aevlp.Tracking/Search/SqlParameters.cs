using Dapper;

namespace Aevlp.Tracking.Search;

/// <summary>Collects the values of a search query as numbered parameters: user input never enters SQL text.</summary>
public sealed class SqlParameters
{
    public DynamicParameters Values { get; } = new();

    private int count;

    public string Add(object value)
    {
        var name = $"p{count++}";
        Values.Add(name, value);
        return "@" + name;
    }
}
