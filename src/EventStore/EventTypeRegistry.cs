using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Es.EventStore;

/// <summary>
/// Maps CLR event types to the stable names and schema versions stored with each event, and
/// holds the upcasters that turn a payload of an older schema version into the current one.
/// Storage never sees a CLR type name, so types can be renamed and moved freely.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<Type, EventTypeInfo> _byType = [];
    private readonly Dictionary<string, EventTypeInfo> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, int FromVersion), Func<JsonObject, JsonObject>> _upcasters = [];
    private FrozenDictionary<Type, EventTypeInfo>? _frozenByType;
    private FrozenDictionary<string, EventTypeInfo>? _frozenByName;

    public EventTypeRegistry(JsonSerializerOptions? json = null)
    {
        Json = json ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
    }

    /// <summary>How payloads are written and read.</summary>
    public JsonSerializerOptions Json { get; }

    public EventTypeRegistry Register<T>(string name, int schemaVersion = 1) => Register(typeof(T), name, schemaVersion);

    public EventTypeRegistry Register(Type type, string name, int schemaVersion = 1)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            throw new ArgumentException("An event type name must be 1..200 non-blank characters.", nameof(name));
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

    internal byte[] Serialize(EventTypeInfo info, object data) => JsonSerializer.SerializeToUtf8Bytes(data, info.ClrType, Json);

    internal object Deserialize(RecordedEvent e)
    {
        if (!ByName.TryGetValue(e.EventType, out var info))
            throw new UnknownEventTypeException(
                $"Event type '{e.EventType}' (event {e.EventId}, stream '{e.StreamId}' version {e.StreamVersion}) is not registered.");
        try
        {
            if (e.SchemaVersion == info.SchemaVersion)
                return JsonSerializer.Deserialize(e.RawData.Span, info.ClrType, Json)
                       ?? throw new EventDeserializationException($"Event {e.EventId} has a null payload.");
            if (e.SchemaVersion > info.SchemaVersion)
                throw new EventDeserializationException(
                    $"Event {e.EventId} of type '{e.EventType}' has schema version {e.SchemaVersion}, newer than this program's {info.SchemaVersion}.");
            var node = JsonNode.Parse(e.RawData.Span) as JsonObject
                       ?? throw new EventDeserializationException($"Event {e.EventId} payload is not a JSON object.");
            for (var v = e.SchemaVersion; v < info.SchemaVersion; v++)
            {
                if (!_upcasters.TryGetValue((info.Name, v), out var step))
                    throw new EventDeserializationException(
                        $"No upcaster for '{info.Name}' from schema version {v} to {v + 1} (event {e.EventId}).");
                node = step(node);
            }
            return node.Deserialize(info.ClrType, Json)
                   ?? throw new EventDeserializationException($"Event {e.EventId} has a null payload after upcasting.");
        }
        catch (JsonException ex)
        {
            throw new EventDeserializationException($"Event {e.EventId} of type '{e.EventType}' could not be read: {ex.Message}", ex);
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
public sealed record EventTypeInfo(Type ClrType, string Name, int SchemaVersion);
