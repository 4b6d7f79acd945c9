using System.Text;
using Aevlp.Tracking.Api;

namespace Aevlp.Tracking.Search;

internal enum TokenType { Word, Key, Text, Operator, Open, Close, Comma, End }

internal sealed record Token(TokenType Type, string Value, int Position, SearchKey? Key = null);

/// <summary>Splits an MLflow filter into tokens: prefixed keys (with `backticked` or "quoted" names), quoted
/// strings, numbers and words, comparison operators, parentheses and commas.</summary>
internal sealed class FilterTokenizer(string text)
{
    private const string OperatorChars = "=!<>";
    private int position;

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
            if (position >= text.Length) break;
            tokens.Add(Next());
        }
        tokens.Add(new Token(TokenType.End, "", text.Length));
        return tokens;
    }

    private Token Next()
    {
        int start = position;
        char c = text[position];
        return c switch
        {
            '\'' or '"' => new Token(TokenType.Text, Quoted(c), start),
            '`' => new Token(TokenType.Key, "", start, new SearchKey(KeyKind.Bare, Quoted('`'))),
            '(' => Single(TokenType.Open),
            ')' => Single(TokenType.Close),
            ',' => Single(TokenType.Comma),
            _ when OperatorChars.Contains(c) => Operator(),
            _ => WordOrKey(),
        };
    }

    private Token Single(TokenType type) => new(type, text[position].ToString(), position++);

    private Token Operator()
    {
        int start = position;
        while (position < text.Length && OperatorChars.Contains(text[position])) position++;
        var op = text[start..position];
        return op is "=" or "==" or "!=" or "<" or "<=" or ">" or ">="
            ? new Token(TokenType.Operator, op == "==" ? "=" : op, start)
            : throw Error($"unknown operator '{op}'", start);
    }

    private Token WordOrKey()
    {
        int start = position;
        while (position < text.Length && IsWordChar(text[position])) position++;
        if (position == start) throw Error($"unexpected character '{text[position]}'", start);
        var word = text[start..position];
        int dot = word.IndexOf('.');
        var kind = dot > 0 ? Prefix(word[..dot]) : null;
        if (kind is null) return new Token(TokenType.Word, word, start);
        var name = dot == word.Length - 1 && position < text.Length && text[position] is '`' or '"'
            ? Quoted(text[position])
            : word[(dot + 1)..];
        if (name.Length == 0) throw Error($"missing key name after '{word}'", start);
        return new Token(TokenType.Key, word, start, new SearchKey(kind.Value, name));
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or '-' or '+' or '/' or ':';

    private static KeyKind? Prefix(string prefix) => prefix.ToLowerInvariant() switch
    {
        "metric" or "metrics" => KeyKind.Metric,
        "param" or "params" or "parameter" or "parameters" => KeyKind.Param,
        "tag" or "tags" => KeyKind.Tag,
        "attribute" or "attributes" or "attr" or "run" => KeyKind.Attribute,
        _ => null,
    };

    // A quoted string or name; the quote character doubled inside stands for itself.
    private string Quoted(char quote)
    {
        int start = position++;
        var value = new StringBuilder();
        while (position < text.Length)
        {
            char c = text[position++];
            if (c != quote) { value.Append(c); continue; }
            if (position < text.Length && text[position] == quote) { value.Append(quote); position++; continue; }
            return value.ToString();
        }
        throw Error($"unterminated {quote}", start);
    }

    public MlflowError Error(string what, int at) => FilterParser.Error(text, what, at);
}
