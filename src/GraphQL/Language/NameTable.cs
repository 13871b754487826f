namespace Es.GraphQL.Language;

/// <summary>
/// A per-thread cache of the names the lexer reads, so that the field and type names every
/// document repeats (id, name, __typename, ...) are allocated once instead of once per occurrence.
/// Direct-mapped and fixed in size: a lookup is one hash computed while the name is scanned, one
/// slot and one comparison; a collision simply replaces the slot, so hostile documents full of
/// distinct names cannot make it grow.
/// </summary>
internal sealed class NameTable
{
    private const int Size = 4096;
    private const int MaxNameLength = 64;

    [ThreadStatic]
    private static NameTable? t_current;

    private readonly string?[] _slots = new string?[Size];

    public static NameTable Current => t_current ??= new NameTable();

    /// <summary>The step of the hash the lexer folds over a name's characters.</summary>
    public static uint Step(uint hash, char c) => (hash ^ c) * 16777619u;

    public const uint Seed = 2166136261u;

    public string Get(ReadOnlySpan<char> name, uint hash)
    {
        if (name.Length > MaxNameLength) return name.ToString();
        ref var slot = ref _slots[hash & (Size - 1)];
        if (slot is { } cached && name.SequenceEqual(cached)) return cached;
        return slot = name.ToString();
    }
}
