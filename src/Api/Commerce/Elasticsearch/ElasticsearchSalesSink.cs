using Es.EventStore;
using Es.Projections;
using Es.Projections.Commerce;
using Npgsql;

namespace Es.Api.Commerce.Elasticsearch;

/// <summary>
/// Keeps the Elasticsearch sales index equal to the <c>sales_search</c> read model. It follows the
/// log behind that projection: once the projection has applied a stretch of the log, the sales
/// that stretch touched (and every sale of a merchant renamed in it) are read from the read model
/// and indexed whole, in bulk. Its position is kept in PostgreSQL (<c>search_sinks</c>), so a
/// restart goes on where it stopped, and setting it to 0 re-indexes everything. Indexing a whole
/// document is idempotent, so a stretch indexed twice after a crash changes nothing.
/// </summary>
public sealed class ElasticsearchSalesSink(ElasticsearchSales index, SalesSearchReads reads, IEventStore store, NpgsqlDataSource dataSource,
    ProjectionCatalog catalog, ProjectionPositions positions, ILogger<ElasticsearchSalesSink> log) : BackgroundService
{
    private static readonly string[] Types = ["SaleRecorded", "SaleRefunded", "SaleCancelled", "MerchantRegistered", "MerchantUpdated"];
    private const int PageSize = 5_000;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The log position indexed so far.</summary>
    public long Position { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var prepared = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!prepared)
                {
                    await index.EnsureTemplateAsync(stoppingToken);
                    Position = await LoadPositionAsync(stoppingToken);
                    prepared = true;
                }
                var applied = await positions.AppliedAsync(["sales_search"], stoppingToken);
                while (applied > Position)
                    Position = await IndexStretchAsync(Position, applied, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(ex, "The Elasticsearch sales sink could not index; trying again in five seconds.");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
            await Task.Delay(PollInterval, stoppingToken);
        }
    }

    /// <summary>Indexes the sales touched after <paramref name="after"/> up to at most <paramref name="upTo"/>; returns the new position.</summary>
    public async Task<long> IndexStretchAsync(long after, long upTo, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT seq_id FROM {catalog.EventSchema}.mt_events
            WHERE seq_id > $1 AND seq_id <= $2 AND type = ANY ($3) ORDER BY seq_id LIMIT $4
            """);
        cmd.Parameters.AddWithValue(after);
        cmd.Parameters.AddWithValue(upTo);
        cmd.Parameters.AddWithValue(Types);
        cmd.Parameters.AddWithValue(PageSize);
        var sequences = new List<long>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) sequences.Add(r.GetInt64(0));
        var reached = sequences.Count == PageSize ? sequences[^1] : upTo;
        if (sequences.Count > 0)
        {
            var sales = new HashSet<Guid>();
            var merchants = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in await store.ReadEventsAsync(sequences, ct))
                switch (e.Data)
                {
                    case Domain.SaleRecorded s: sales.Add(s.SaleId); break;
                    case Domain.SaleRefunded s: sales.Add(s.SaleId); break;
                    case Domain.SaleCancelled s: sales.Add(s.SaleId); break;
                    case Domain.MerchantRegistered m: merchants.Add(m.MerchantId); break;
                    case Domain.MerchantUpdated m: merchants.Add(m.MerchantId); break;
                }
            var documents = (await reads.CurrentAsync(sales, merchants, ct)).Select(SaleDocument.From).ToList();
            await index.IndexAsync(documents, ct);
        }
        await SavePositionAsync(reached, ct);
        return reached;
    }

    private string Table => $"{catalog.Schema}.search_sinks";

    private async Task<long> LoadPositionAsync(CancellationToken ct)
    {
        await using (var create = dataSource.CreateCommand($"CREATE TABLE IF NOT EXISTS {Table} (sink text PRIMARY KEY, position bigint NOT NULL)"))
            await create.ExecuteNonQueryAsync(ct);
        await using var read = dataSource.CreateCommand($"SELECT position FROM {Table} WHERE sink = $1");
        read.Parameters.AddWithValue(SinkName);
        return await read.ExecuteScalarAsync(ct) is long position ? position : 0;
    }

    private async Task SavePositionAsync(long position, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            INSERT INTO {Table} (sink, position) VALUES ($1, $2) ON CONFLICT (sink) DO UPDATE SET position = EXCLUDED.position
            """);
        cmd.Parameters.AddWithValue(SinkName);
        cmd.Parameters.AddWithValue(position);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private string SinkName => "elasticsearch:" + index.Index;
}
