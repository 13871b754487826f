using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Es.GraphQL.Execution;

/// <summary>
/// A completed object in a response: its keys in selection order and their values, in two
/// arrays shared with the field collection, so completing an object allocates one array.
/// </summary>
public sealed class ResponseObject : IReadOnlyDictionary<string, object?>
{
    private readonly List<string> _keys;
    private readonly object?[] _values;

    internal ResponseObject(List<string> keys, object?[] values)
    {
        _keys = keys;
        _values = values;
    }

    /// <summary>The keys in selection order, for walking by index (the response writer).</summary>
    internal List<string> KeyList => _keys;

    /// <summary>The values, each at its key's index.</summary>
    internal object?[] ValueArray => _values;

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => _keys;

    public IEnumerable<object?> Values => _values;

    public int Count => _keys.Count;

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _values[index] : null;
        return index >= 0;
    }

    private int IndexOf(string key)
    {
        for (var i = 0; i < _keys.Count; i++)
        {
            if (_keys[i] == key) return i;
        }
        return -1;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Count; i++) yield return new(_keys[i], _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
