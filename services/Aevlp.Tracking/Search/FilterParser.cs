using System.Globalization;
using Aevlp.Tracking.Api;

namespace Aevlp.Tracking.Search;

/// <summary>Parses MLflow search filters: <c>comparison (AND comparison)*</c> where a comparison is
/// <c>key op value</c>, op one of = != &lt; &lt;= &gt; &gt;= LIKE ILIKE IN NOT IN, value a number, a quoted string or
/// a list of strings. What each key allows is checked later, by the search that uses it.</summary>
public static class FilterParser
{
    public static IReadOnlyList<Comparison> Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) return [];
        var tokens = new FilterTokenizer(filter).Tokenize();
        var comparisons = new List<Comparison>();
        int i = 0;
        while (true)
        {
            comparisons.Add(ParseComparison(filter, tokens, ref i));
            if (tokens[i].Type == TokenType.End) return comparisons;
            if (!IsWord(tokens[i], "AND")) throw Error(filter, "expected AND between comparisons", tokens[i].Position);
            i++;
        }
    }

    private static Comparison ParseComparison(string filter, List<Token> tokens, ref int i)
    {
        var key = tokens[i] switch
        {
            { Type: TokenType.Key } t => t.Key!,
            { Type: TokenType.Word } t => new SearchKey(KeyKind.Bare, t.Value),
            var t => throw Error(filter, "expected a key such as metrics.loss, params.lr, tags.x or attributes.status", t.Position),
        };
        var opToken = tokens[++i];
        var op = IsWord(opToken, "NOT") && IsWord(tokens[i + 1], "IN") ? "NOT IN" : opToken switch
        {
            { Type: TokenType.Operator } t => t.Value,
            { Type: TokenType.Word } t when t.Value.ToUpperInvariant() is "LIKE" or "ILIKE" or "IN" => t.Value.ToUpperInvariant(),
            var t => throw Error(filter, $"expected a comparison operator after '{key}'", t.Position),
        };
        i += op == "NOT IN" ? 2 : 1;
        var value = op is "IN" or "NOT IN" ? ParseList(filter, tokens, ref i) : ParseScalar(filter, tokens[i++]);
        return new Comparison(key, op, value);
    }

    private static FilterValue ParseScalar(string filter, Token token) => token switch
    {
        { Type: TokenType.Text } => new FilterValue.Text(token.Value),
        { Type: TokenType.Word } when double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) =>
            new FilterValue.Number(number),
        _ => throw Error(filter, "expected a number or a quoted string", token.Position),
    };

    private static FilterValue ParseList(string filter, List<Token> tokens, ref int i)
    {
        if (tokens[i].Type != TokenType.Open) throw Error(filter, "expected '(' after IN or NOT IN", tokens[i].Position);
        var values = new List<string>();
        do
        {
            var token = tokens[++i];
            if (token.Type != TokenType.Text) throw Error(filter, "expected a quoted string in the IN list", token.Position);
            values.Add(token.Value);
        } while (tokens[++i].Type == TokenType.Comma);
        if (tokens[i].Type != TokenType.Close) throw Error(filter, "expected ')' to close the IN list", tokens[i].Position);
        i++;
        return new FilterValue.TextList(values);
    }

    private static bool IsWord(Token token, string word) =>
        token.Type == TokenType.Word && string.Equals(token.Value, word, StringComparison.OrdinalIgnoreCase);

    internal static MlflowError Error(string filter, string what, int at) =>
        MlflowError.Invalid($"Invalid filter '{filter}': {what} at position {at}.");
}
