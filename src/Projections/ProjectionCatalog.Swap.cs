using Es.EventStore;
using Npgsql;

namespace Es.Projections;

internal enum SwapResult
{
    /// <summary>The build is current now (or already was).</summary>
    Swapped,

    /// <summary>Other shards of the build are still catching up.</summary>
    NotYet,

    /// <summary>The current build has applied events this one has not read yet: read on first.</summary>
    Behind,

    /// <summary>The build no longer exists.</summary>
    Gone,
}

public sealed partial class ProjectionCatalog
{
    /// <summary>
    /// Makes a caught-up build current in one transaction: the views now select from its tables,
    /// the older builds' rows and tables are dropped. Readers see the old build or the new one,
    /// never an empty or half-built one: the views change in the same commit, and a new build
    /// only swaps when every shard of it is at or past every shard of the build it replaces.
    /// </summary>
    /// <param name="drainInline">
    /// For an inline projection: called once no inline append can run, before the transaction
    /// writes anything; applies the rest of the log to the new build. False gives up for now.
    /// </param>
    internal async Task<SwapResult> TrySwapAsync(Projection p, int generation, LogPosition agentPosition,
        Func<NpgsqlTransaction, CancellationToken, Task<bool>>? drainInline, CancellationToken ct)
    {
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockNameAsync(tx, p.Name, ct);
        if (drainInline is not null)
        {
            // Inline appends hold this lock shared while they write the current build.
            await ExecuteAsync(tx, InlineProjector.LockInlineExclusive, ct, Text(InlineProjector.InlineLockName(Schema, p.Name)));
            if (!await drainInline(tx, ct)) return SwapResult.NotYet;
        }

        var generations = await ReadGenerationsAsync(tx, p.Name, ct);
        var target = generations.FirstOrDefault(g => g.Generation == generation);
        if (target is null) return SwapResult.Gone;
        if (target.IsCurrent) return SwapResult.Swapped;
        var current = generations.FirstOrDefault(g => g.IsCurrent);

        var progress = new List<(int Generation, int Shard, LogPosition Position, bool CaughtUp)>();
        await using (var lockAll = new NpgsqlCommand(SwapSql.LockProgress.Replace("{schema}", Schema), connection, tx))
        {
            lockAll.Parameters.Add(Text(p.Name));
            await using var r = await lockAll.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                progress.Add((r.GetInt32(0), r.GetInt32(1), new LogPosition(r.GetFieldValue<ulong>(2), r.GetInt64(3)), r.GetBoolean(4)));
        }
        var mine = progress.Where(x => x.Generation == generation).ToList();
        if (mine.Count == 0 || mine.Any(x => !x.CaughtUp)) return SwapResult.NotYet;
        if (current is not null && p.Mode == ProjectionMode.Async)
        {
            var servedUpTo = progress.Where(x => x.Generation == current.Generation).Select(x => x.Position).DefaultIfEmpty(LogPosition.Start).Max();
            if (mine.Any(x => x.Position < servedUpTo))
                return agentPosition < servedUpTo ? SwapResult.Behind : SwapResult.NotYet;
        }

        foreach (var table in target.Tables) await PointViewAsync(tx, table, generation, ct);
        var retired = generations.Where(g => g.Generation < generation).ToList();
        foreach (var old in retired)
        {
            foreach (var table in old.Tables.Except(target.Tables))
                await ExecuteAsync(tx, $"DROP VIEW IF EXISTS {ViewName(table)}", ct);
            var tables = old.Tables.Select(t => TableName(t, old.Generation)).Append(SourcesTable(p.Name, old.Generation));
            await ExecuteAsync(tx, $"DROP TABLE IF EXISTS {string.Join(", ", tables)}", ct);
        }
        await ExecuteAsync(tx, SwapSql.DropRetired.Replace("{schema}", Schema), ct, Text(p.Name), Int(generation));
        await ExecuteAsync(tx, SwapSql.MakeCurrent.Replace("{schema}", Schema), ct, Text(p.Name), Int(generation));
        await tx.CommitAsync(ct);
        return SwapResult.Swapped;
    }

    private static class SwapSql
    {
        // In one order (generation, shard), so two shards swapping at once cannot deadlock.
        public const string LockProgress = """
            SELECT generation, shard, tx_id, seq, caught_up FROM {schema}.projection_progress
            WHERE name = $1 ORDER BY generation, shard FOR UPDATE
            """;

        public const string DropRetired = "DELETE FROM {schema}.projection_generations WHERE name = $1 AND generation < $2";

        public const string MakeCurrent =
            "UPDATE {schema}.projection_generations SET is_current = true, rebuild_started_at = NULL WHERE name = $1 AND generation = $2";
    }
}
