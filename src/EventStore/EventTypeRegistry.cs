using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Es.EventStore;

/// <summary>
/// The stable names and schema versions of the event types, and the upcasters that turn a payload
/// of an older schema version into the current one. Marten stores and reads the events; this is
/// what Es tells it (<see cref="EsMarten"/>): storage never sees a CLR type name, so types can be
/// renamed and moved freely.
/// </summary>
/// <remarks>
/// Schema versions follow Marten's convention: version 1 of an event is stored under its stable
/// name, version N &gt; 1 under <c>{name}_v{N}</c> (Marten's <c>GetEventTypeNameWithSchemaVersion</c>
/// shape), and each older stored name is read through Marten's upcasting with Es's chain of steps.
/// </remarks>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<Type, EventTypeInfo> _byType = [];
    private readonly Dictionary<string, EventTypeInfo> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, int FromVersion), Func<JsonObject, JsonObject>> _upcasters = [];
    private FrozenDictionary<Type, EventTypeInfo>? _frozenByType;
    private FrozenDictionary<string, EventTypeInfo>? _frozenByName;
    private FrozenDictionary<string, (EventTypeInfo, int)>? _frozenByStoredName;

    public EventTypeRegistry(JsonSerializerOptions? json = null)
    {
        Json = json ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
    }

    /// <summary>How payloads are written and read (Marten's System.Text.Json serializer uses these).</summary>
    public JsonSerializerOptions Json { get; }

    public EventTypeRegistry Register<T>(string name, int schemaVersion = 1) => Register(typeof(T), name, schemaVersion);

    public EventTypeRegistry Register(Type type, string name, int schemaVersion = 1)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            throw new ArgumentException("An event type name must be 1..200 non-blank characters.", nameof(name));
        if (!type.IsClass) throw new ArgumentException($"{type} must be a class (a record) to be stored as an event.");
        ArgumentOutOfRangeException.ThrowIfLessThan(schemaVersion, 1);
        lock (_byType)
        {
            if (_byName.TryGetValue(name, out var known) && known.ClrType != type)
                throw new ArgumentException($"Event type name '{name}' is already registered for {known.ClrType}.");
            if (_byType.TryGetValue(type, out var sameType) && sameType.Name != name)
                throw new ArgumentException($"{type} is already registered as '{sameType.Name}'.");
            var info = new EventTypeInfo(type, name, schemaVersion);
            _byType[type] = info;
            _byName[name] = info;
            _frozenByType = null;
            _frozenByName = null;
            _frozenByStoredName = null;
        }
        return this;
    }

    /// <summary>
    /// Registers the step from <paramref name="fromVersion"/> to <paramref name="fromVersion"/> + 1
    /// of the payload of event type <paramref name="name"/>. Steps chain on read.
    /// </summary>
    public EventTypeRegistry AddUpcaster(string name, int fromVersion, Func<JsonObject, JsonObject> upcast)
    {
        ArgumentNullException.ThrowIfNull(upcast);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        lock (_byType) _upcasters[(name, fromVersion)] = upcast;
        return this;
    }

    public bool IsRegistered(string name) => ByName.ContainsKey(name);

    public IReadOnlyCollection<EventTypeInfo> All => ByName.Values;

    /// <summary>The registration of a CLR type; throws when it has none.</summary>
    public EventTypeInfo InfoOf(Type type) =>
        ByType.TryGetValue(type, out var info)
            ? info
            : throw new UnknownEventTypeException($"{type.FullName} is not a registered event type; register it with a stable name first.");

    public bool TryGetByName(string name, out EventTypeInfo info) => ByName.TryGetValue(name, out info!);

    public bool TryGetByType(Type type, out EventTypeInfo info) => ByType.TryGetValue(type, out info!);

    /// <summary>The registration and schema version behind a name Marten stores events under (<c>Name</c> or <c>Name_vN</c>).</summary>
    public bool TryGetByStoredName(string storedName, out EventTypeInfo info, out int schemaVersion)
    {
        var found = ByStoredName.TryGetValue(storedName, out var hit);
        (info, schemaVersion) = found ? hit : (null!, 0);
        return found;
    }

    /// <summary>The name Marten stores an event of this schema version under.</summary>
    public static string StoredName(string name, int schemaVersion) => schemaVersion == 1 ? name : $"{name}_v{schemaVersion}";

    /// <summary>
    /// Reads a payload written with schema version <paramref name="fromVersion"/> of a registered
    /// type: every upcasting step in order, then the current CLR type.
    /// </summary>
    internal object Upcast(EventTypeInfo info, int fromVersion, ReadOnlySpan<byte> json)
    {
        try
        {
            var node = JsonNode.Parse(json) as JsonObject
                       ?? throw new EventDeserializationException($"A '{info.Name}' v{fromVersion} payload is not a JSON object.");
            for (var v = fromVersion; v < info.SchemaVersion; v++)
            {
                if (!_upcasters.TryGetValue((info.Name, v), out var step))
                    throw new EventDeserializationException($"No upcaster for '{info.Name}' from schema version {v} to {v + 1}.");
                node = step(node);
            }
            return node.Deserialize(info.ClrType, Json)
                   ?? throw new EventDeserializationException($"A '{info.Name}' payload is null after upcasting.");
        }
        catch (JsonException ex)
        {
            throw new EventDeserializationException($"A '{info.Name}' v{fromVersion} payload could not be read: {ex.Message}", ex);
        }
    }

    // Lookups run per event on hot paths: read a frozen snapshot without locking; rebuild it after a registration.
    private FrozenDictionary<Type, EventTypeInfo> ByType
    {
        get
        {
            var frozen = Volatile.Read(ref _frozenByType);
            if (frozen is not null) return frozen;
            lock (_byType) return _frozenByType ??= _byType.ToFrozenDictionary();
        }
    }

    private FrozenDictionary<string, (EventTypeInfo, int)> ByStoredName
    {
        get
        {
            var frozen = Volatile.Read(ref _frozenByStoredName);
            if (frozen is not null) return frozen;
            lock (_byType)
                return _frozenByStoredName ??= _byName.Values
                    .SelectMany(i => Enumerable.Range(1, i.SchemaVersion).Select(v => KeyValuePair.Create(StoredName(i.Name, v), (i, v))))
                    .ToFrozenDictionary(StringComparer.Ordinal);
        }
    }

    private FrozenDictionary<string, EventTypeInfo> ByName
    {
        get
        {
            var frozen = Volatile.Read(ref _frozenByName);
            if (frozen is not null) return frozen;
            lock (_byType) return _frozenByName ??= _byName.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }
}

/// <summary>A registered event type: its CLR type, stable name and current schema version.</summary>
public sealed record EventTypeInfo(Type ClrType, string Name, int SchemaVersion)
{
    /// <summary>The name Marten stores events of the current schema version under.</summary>
    public string StoredName => EventTypeRegistry.StoredName(Name, SchemaVersion);
}
