namespace Es.EventStore;

/// <summary>What an append did: the stream's version after it and each event's global sequence number.</summary>
public sealed record AppendResult(string StreamId, long NextVersion, IReadOnlyList<long> Sequences, bool AlreadyStored)
{
    /// <summary>The version of the first event this append wrote.</summary>
    public long FirstVersion => NextVersion - Sequences.Count + 1;
}
