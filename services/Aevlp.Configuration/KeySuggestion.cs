namespace Aevlp.Configuration;

/// <summary>"(did you mean 'num_epochs'?)" for a key one or two edits away from a known one.</summary>
internal static class KeySuggestion
{
    public static string For(string key) => For(key, RunConfigSchema.Fields.Keys);

    public static string For(string key, IEnumerable<string> knownKeys)
    {
        var nearest = knownKeys
            .Select(known => (known, distance: Distance(key, known)))
            .MinBy(candidate => candidate.distance);
        return nearest.distance <= 2 ? $" (did you mean '{nearest.known}'?)" : "";
    }

    // Levenshtein distance over two rows.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
