using Aevlp.Tracking.Api;

namespace Aevlp.Tracking.Search;

/// <summary>Translates one comparison on a known SQL expression into a parameterised condition, checking that the
/// operator suits the type: numbers take = != &lt; &lt;= &gt; &gt;=, strings = != LIKE ILIKE IN NOT IN.</summary>
public static class SqlComparisons
{
    private static readonly string[] NumericOperators = ["=", "!=", "<", "<=", ">", ">="];
    private static readonly string[] TextOperators = ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"];

    public static string Numeric(string expression, Comparison comparison, SqlParameters parameters)
    {
        if (!NumericOperators.Contains(comparison.Operator) || comparison.Value is not FilterValue.Number number)
            throw MlflowError.Invalid(
                $"Invalid comparison on {comparison.Key}: expected a number and one of {string.Join(" ", NumericOperators)}.");
        return $"{expression} {comparison.Operator} {parameters.Add(number.Value)}";
    }

    /// <summary>Integer-valued columns (times, versions), compared with whole numbers.</summary>
    public static string Integer(string expression, Comparison comparison, SqlParameters parameters)
    {
        if (!NumericOperators.Contains(comparison.Operator)
            || comparison.Value is not FilterValue.Number { Value: var number } || number != Math.Floor(number))
            throw MlflowError.Invalid(
                $"Invalid comparison on {comparison.Key}: expected a whole number and one of {string.Join(" ", NumericOperators)}.");
        return $"{expression} {comparison.Operator} {parameters.Add((long)number)}";
    }

    public static string Text(string expression, Comparison comparison, SqlParameters parameters) =>
        (comparison.Operator, comparison.Value) switch
        {
            ("IN", FilterValue.TextList list) => $"{expression} = ANY({parameters.Add(list.Values.ToArray())})",
            ("NOT IN", FilterValue.TextList list) => $"NOT ({expression} = ANY({parameters.Add(list.Values.ToArray())}))",
            ("=" or "!=" or "LIKE" or "ILIKE", FilterValue.Text text) => $"{expression} {comparison.Operator} {parameters.Add(text.Value)}",
            _ => throw MlflowError.Invalid(
                $"Invalid comparison on {comparison.Key}: expected a quoted string and one of {string.Join(" ", TextOperators)}."),
        };

    /// <summary>A column compared as a whole number or as text, as its type requires.</summary>
    public static string Column((string Column, bool Numeric) column, Comparison comparison, SqlParameters parameters) =>
        column.Numeric ? Integer(column.Column, comparison, parameters) : Text(column.Column, comparison, parameters);

    /// <summary>A condition on a key-value table (params, tags, latest metrics) of the row <paramref name="owner"/>.</summary>
    public static string KeyValueExists(string table, string ownerCondition, Comparison comparison, SqlParameters parameters,
        Func<string, Comparison, SqlParameters, string> valueCondition) =>
        $"EXISTS (SELECT 1 FROM {table} kv WHERE {ownerCondition} AND kv.key = {parameters.Add(comparison.Key.Name)} AND {valueCondition("kv.value", comparison, parameters)})";
}
