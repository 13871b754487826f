namespace Es.GraphQL.Language;

/// <summary>
/// Interns the names the lexer reads, so that the field and type names every document repeats
/// (id, name, __typename, ...) are allocated once per thread instead of once per occurrence.
/// Bounded, so that hostile documents full of distinct names cannot make it grow without end.
/// </summary>
internal sealed class NameTable
{
    private const int MaxEntries = 8192;
    private const int MaxNameLength = 64;

    [ThreadStatic]
    private static NameTable? t_current;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private NameTable() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    public static NameTable Current => t_current ??= new NameTable();

    public string Get(ReadOnlySpan<char> name)
    {
        if (_lookup.TryGetValue(name, out var interned)) return interned;
        var value = name.ToString();
        if (name.Length <= MaxNameLength && _names.Count < MaxEntries) _names[value] = value;
        return value;
    }
}
