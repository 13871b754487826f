namespace Es.GraphQL.Types;

/// <summary>"Did you mean" hints as graphql-js words them (jsutils didYouMean and suggestionList).</summary>
internal static class Suggestions
{
    private const int MaxSuggestions = 5;

    public static string DidYouMean(IReadOnlyList<string> suggestions) => DidYouMean(null, suggestions);

    public static string DidYouMean(string? subMessage, IReadOnlyList<string> suggestions)
    {
        if (suggestions.Count == 0) return "";
        var message = " Did you mean " + (subMessage is null ? "" : subMessage + " ");
        var quoted = suggestions.Take(MaxSuggestions).Select(s => "\"" + s + "\"").ToList();
        return quoted.Count switch
        {
            1 => message + quoted[0] + "?",
            2 => message + quoted[0] + " or " + quoted[1] + "?",
            _ => message + string.Join(", ", quoted.Take(quoted.Count - 1)) + ", or " + quoted[^1] + "?",
        };
    }

    /// <summary>The options close to <paramref name="input"/> by lexical distance, closest first.</summary>
    public static IReadOnlyList<string> List(string input, IEnumerable<string> options)
    {
        var threshold = (int)Math.Floor(input.Length * 0.4) + 1;
        var inputLower = input.ToLowerInvariant();
        var found = new List<(string Option, int Distance)>();
        foreach (var option in options)
        {
            int distance;
            if (option == input) distance = 0;
            else if (option.ToLowerInvariant() == inputLower) distance = 1;
            else distance = Distance(inputLower, option.ToLowerInvariant());
            if (distance <= threshold) found.Add((option, distance));
        }
        found.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : NaturalCompare(a.Option, b.Option));
        return found.Select(f => f.Option).ToList();
    }

    /// <summary>Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    value = Math.Min(value, d[i - 2, j - 2] + 1);
                d[i, j] = value;
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>graphql-js naturalCompare: digit runs compare as numbers.</summary>
    internal static int NaturalCompare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                var si = i; while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                var sj = j; while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                var na = decimal.Parse(a[si..i]);
                var nb = decimal.Parse(b[sj..j]);
                if (na != nb) return na.CompareTo(nb);
            }
            else
            {
                if (a[i] != b[j]) return a[i].CompareTo(b[j]);
                i++; j++;
            }
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }
}
