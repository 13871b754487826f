namespace Es.EventStore;

/// <summary>
/// What the caller believes about a stream's version when appending. Stream versions start at 1
/// for the first event; version 0 means the stream has no events.
/// </summary>
public readonly record struct ExpectedVersion
{
    private const long AnyValue = -1, NoStreamValue = -2, StreamExistsValue = -3;

    private ExpectedVersion(long value) => Value = value;

    /// <summary>-1 any, -2 no stream, -3 stream exists, otherwise the exact version.</summary>
    public long Value { get; }

    /// <summary>Append whatever the stream's version is.</summary>
    public static ExpectedVersion Any { get; } = new(AnyValue);

    /// <summary>Append only if the stream has no events yet.</summary>
    public static ExpectedVersion NoStream { get; } = new(NoStreamValue);

    /// <summary>Append only if the stream has at least one event.</summary>
    public static ExpectedVersion StreamExists { get; } = new(StreamExistsValue);

    /// <summary>Append only if the stream is exactly at <paramref name="version"/> (0 means no stream).</summary>
    public static ExpectedVersion Exactly(long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return version == 0 ? NoStream : new ExpectedVersion(version);
    }

    public bool IsAny => Value == AnyValue;
    public bool IsNoStream => Value == NoStreamValue;
    public bool IsStreamExists => Value == StreamExistsValue;
    public bool IsExact => Value > 0;

    /// <summary>Whether a stream currently at <paramref name="current"/> (0 = none) satisfies this expectation.</summary>
    public bool IsSatisfiedBy(long current) => Value switch
    {
        AnyValue => true,
        NoStreamValue => current == 0,
        StreamExistsValue => current > 0,
        _ => current == Value,
    };

    public override string ToString() => Value switch
    {
        AnyValue => "any",
        NoStreamValue => "no stream",
        StreamExistsValue => "stream exists",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
