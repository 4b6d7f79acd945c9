using Aevlp.Tracking.Api;

namespace Aevlp.Tracking.Search;

/// <summary>Parses order_by clauses such as <c>metrics.`val mAP` DESC</c> or <c>attributes.start_time</c> (ascending
/// unless DESC is given).</summary>
public static class OrderByParser
{
    public static IReadOnlyList<OrderKey> Parse(IReadOnlyList<string>? clauses) =>
        clauses is null ? [] : clauses.Where(c => !string.IsNullOrWhiteSpace(c)).Select(ParseOne).ToArray();

    private static OrderKey ParseOne(string clause)
    {
        var tokens = new FilterTokenizer(clause).Tokenize();
        var key = tokens[0] switch
        {
            { Type: TokenType.Key } t => t.Key!,
            { Type: TokenType.Word } t => new SearchKey(KeyKind.Bare, t.Value),
            _ => throw Invalid(clause),
        };
        var direction = tokens[1] switch
        {
            { Type: TokenType.End } => "ASC",
            { Type: TokenType.Word } t when tokens[2].Type == TokenType.End => t.Value.ToUpperInvariant(),
            _ => throw Invalid(clause),
        };
        return direction is "ASC" or "DESC" ? new OrderKey(key, direction == "ASC") : throw Invalid(clause);
    }

    private static MlflowError Invalid(string clause) =>
        MlflowError.Invalid($"Invalid order_by clause '{clause}': expected a key optionally followed by ASC or DESC.");
}
