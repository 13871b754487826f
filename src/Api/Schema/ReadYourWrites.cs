using Es.Projections;

namespace Es.Api.Schema;

/// <summary>
/// A mutation answers only after the read models the API serves have applied its events, so the
/// member who acted sees the result on the next query (their post in the feed, their like counted)
/// although the projections are asynchronous. Bounded: when a projection is paused or failing the
/// mutation answers after <see cref="Timeout"/> anyway (its events are stored), and the read
/// models catch up when the projection runs again.
/// </summary>
public sealed class ReadYourWrites(ProjectionPositions positions)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<string> _served = EsProjections.Served;

    public Task<bool> WaitForAsync(long sequence, CancellationToken ct) =>
        sequence <= 0 ? Task.FromResult(true) : positions.WaitForAsync(_served, sequence, Timeout, ct);
}
