namespace Es.EventStore;

/// <summary>What an append did: the stream's version after it and each event's global position.</summary>
public sealed record AppendResult(string StreamId, long NextVersion, IReadOnlyList<long> Positions, bool AlreadyStored)
{
    /// <summary>The version of the first event this append wrote.</summary>
    public long FirstVersion => NextVersion - Positions.Count + 1;
}
