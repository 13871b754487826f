using System.Globalization;
using System.Text.RegularExpressions;

namespace Es.Projections.Trends;

/// <summary>
/// The tags a post mentions: its explicit tags, the <c>#word</c>s and the <c>$TICKER</c>s of its
/// title and body, lower-cased, each once. A ticker keeps its <c>$</c> (<c>$TSLA</c> is the tag
/// <c>$tsla</c>) so a stock never merges with a word of the same letters (<c>$meta</c>, <c>#meta</c>).
/// </summary>
public static partial class TagExtractor
{
    /// <summary>Longer words are not tags (the domain's limit for an explicit tag).</summary>
    public const int MaxTagLength = 40;

    // '#' or '$' counts only at the start of the text, after white space or after an opening
    // bracket or quote: "C#", "F@#k" and "US$5" are not tags.
    [GeneratedRegex(@"(?<=^|[\s(\[{""'“‘])#(?<word>[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)*)")]
    private static partial Regex HashTag();

    // A ticker is 1 to 5 letters, not followed by a letter, digit or '_': "$AAPL," and "$TSLA's"
    // are tickers, "$5", "$GOPATH" and "$AAPL2" are not.
    [GeneratedRegex(@"(?<=^|[\s(\[{""'“‘])\$(?<ticker>[A-Za-z]{1,5})(?![\p{L}\p{N}_])")]
    private static partial Regex Ticker();

    /// <summary>The distinct tags of a post, in the order first met (explicit tags, then the title, then the body).</summary>
    public static IReadOnlyList<string> Extract(string title, string body, IEnumerable<string> explicitTags)
    {
        var tags = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string tag)
        {
            if (tag.Length is > 0 and <= MaxTagLength && !tag.Any(char.IsWhiteSpace) && seen.Add(tag)) tags.Add(tag);
        }
        foreach (var tag in explicitTags) Add(Normalise(tag));
        foreach (var text in new[] { title, body })
        {
            foreach (Match m in HashTag().Matches(text))
                if (m.Groups["word"].Value.Any(char.IsLetter)) Add(Normalise(m.Groups["word"].Value));
            foreach (Match m in Ticker().Matches(text)) Add("$" + m.Groups["ticker"].Value.ToLowerInvariant());
        }
        return tags;
    }

    /// <summary>
    /// A tag as stored: lower-case, without a leading <c>#</c>; <c>$AAPL</c> → <c>$aapl</c>. What
    /// readers apply to a tag a client asks for.
    /// </summary>
    public static string Normalise(string tag)
    {
        var t = tag.Trim();
        if (t.StartsWith('#')) t = t[1..];
        return t.ToLower(CultureInfo.InvariantCulture);
    }
}
