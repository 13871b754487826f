using Es.EventStore;
namespace Es.Projections;

/// <summary>The projections this program knows, by name. Registration checks each declaration once.</summary>
public sealed class ProjectionRegistry
{
    private readonly Dictionary<string, Projection> _byName = new(StringComparer.Ordinal);

    public ProjectionRegistry Add(Projection projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        Check(projection);
        if (!_byName.TryAdd(projection.Name, projection))
            throw new ArgumentException($"A projection named '{projection.Name}' is already registered.");
        return this;
    }

    public IReadOnlyCollection<Projection> All => _byName.Values;

    public Projection Get(string name) =>
        _byName.TryGetValue(name, out var p) ? p : throw new ProjectionNotFoundException(name);

    public bool TryGet(string name, out Projection projection) => _byName.TryGetValue(name, out projection!);

    private static void Check(Projection p)
    {
        SqlName.Check(p.Name, "projection name");
        if (p.Name.Length > 40) throw new ArgumentException($"Projection name '{p.Name}' is longer than 40 characters.");
        if (p.Version < 1) throw new ArgumentException($"Projection '{p.Name}' has version {p.Version}; versions start at 1.");
        if (p.EventTypes is null || p.EventTypes.Count == 0) throw new ArgumentException($"Projection '{p.Name}' handles no event types.");
        if (p.Tables is null || p.Tables.Count == 0) throw new ArgumentException($"Projection '{p.Name}' declares no tables.");
        foreach (var t in p.Tables)
        {
            SqlName.Check(t.Name, "read-model table name");
            if (t.Name.Length > 40) throw new ArgumentException($"Table name '{t.Name}' is longer than 40 characters.");
        }
        if (p.Tables.Select(t => t.Name).Distinct().Count() != p.Tables.Count)
            throw new ArgumentException($"Projection '{p.Name}' declares a table twice.");
    }
}

/// <summary>Identifiers Es splices into SQL: checked, never quoted user input.</summary>
internal static class SqlName
{
    public static void Check(string? name, string what)
    {
        if (string.IsNullOrEmpty(name) || char.IsAsciiDigit(name[0])
            || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            throw new ArgumentException($"The {what} '{name}' must be lower-case letters, digits and '_', not starting with a digit.");
    }
}

/// <summary>Base of the errors the projections report on purpose (to operators and the CLI).</summary>
public class ProjectionException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class ProjectionNotFoundException(string name) : ProjectionException($"No projection named '{name}'.")
{
    public string Name { get; } = name;
}

/// <summary>A projection could not apply an event; it is paused on it until an operator retries or skips it.</summary>
public sealed class ProjectionFailedException(string name, RecordedEvent e, Exception inner)
    : ProjectionException($"Projection '{name}' failed on {e}: {inner.Message}", inner)
{
    public string Name { get; } = name;
    public RecordedEvent Event { get; } = e;
}
