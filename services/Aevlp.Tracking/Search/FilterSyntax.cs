namespace Aevlp.Tracking.Search;

/// <summary>Which part of an entity a filter or order key names: <c>metrics.x</c>, <c>params.x</c>, <c>tags.x</c>,
/// <c>attributes.x</c>, or a bare name (the registry's <c>name='m'</c>).</summary>
public enum KeyKind { Metric, Param, Tag, Attribute, Bare }

public sealed record SearchKey(KeyKind Kind, string Name)
{
    public override string ToString() => Kind == KeyKind.Bare ? Name : $"{Kind.ToString().ToLowerInvariant()}s.{Name}";
}

/// <summary>A literal on the right of a comparison: a number, a quoted string, or a parenthesised list of strings (IN).</summary>
public abstract record FilterValue
{
    public sealed record Number(double Value) : FilterValue;
    public sealed record Text(string Value) : FilterValue;
    public sealed record TextList(IReadOnlyList<string> Values) : FilterValue;
}

public sealed record Comparison(SearchKey Key, string Operator, FilterValue Value);

public sealed record OrderKey(SearchKey Key, bool Ascending);
