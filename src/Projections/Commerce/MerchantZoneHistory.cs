using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Commerce;

/// <summary>
/// Which IANA time zone a merchant had at each position of the log, so a sale or an order is cut into
/// the local day of the zone known when it was appended — the same for a live page and a rebuild,
/// whatever the page boundaries (a page applies its merchant events first, and the lookup takes the
/// last zone recorded <em>before</em> the fact's sequence number, not the last one in the table).
/// A merchant never registered (or registered later) gets the projection's default zone.
/// </summary>
public static class MerchantZoneHistory
{
    /// <summary>The default zone for merchants not registered when their fact was appended: Es's home market.</summary>
    public const string DefaultTimeZone = "Asia/Seoul";

    public const string Columns = """
        merchant_id text   NOT NULL,
        seq         bigint NOT NULL,
        time_zone   text   NOT NULL,
        PRIMARY KEY (merchant_id, seq)
        """;

    // A zone PostgreSQL does not know (its tz database may lag .NET's) falls back to the default
    // rather than failing every later page; pg_timezone_names is only read for merchant events.
    public const string Record = """
        INSERT INTO {zones} (merchant_id, seq, time_zone)
        SELECT i.merchant_id, i.seq, CASE WHEN EXISTS (SELECT 1 FROM pg_timezone_names n WHERE n.name = i.time_zone) THEN i.time_zone ELSE ? END
        FROM unnest(?::text[], ?::bigint[], ?::text[]) AS i(merchant_id, seq, time_zone)
        ON CONFLICT (merchant_id, seq) DO NOTHING
        """;

    /// <summary>The SQL expression of the zone of merchant <paramref name="merchant"/> at sequence <paramref name="seq"/>; <c>{zones}</c> and one <c>?</c> (the default) to bind.</summary>
    public static string ZoneAt(string merchant, string seq) =>
        $"coalesce((SELECT z.time_zone FROM {{zones}} z WHERE z.merchant_id = {merchant} AND z.seq < {seq} ORDER BY z.seq DESC LIMIT 1), ?)";

    /// <summary>Adds the statement recording the page's merchant registrations and updates, if any.</summary>
    public static void Apply(ProjectionBatch batch, string zonesTable, string defaultZone)
    {
        var merchants = new List<(string Id, long Seq, string Zone)>();
        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case MerchantRegistered m: merchants.Add((m.MerchantId, pe.Event.Sequence, m.TimeZone)); break;
                case MerchantUpdated m: merchants.Add((m.MerchantId, pe.Event.Sequence, m.TimeZone)); break;
            }
        }
        if (merchants.Count == 0) return;
        batch.Execute(Record.Replace("{zones}", batch.Table(zonesTable)), defaultZone,
            merchants.Select(m => m.Id).ToArray(), merchants.Select(m => m.Seq).ToArray(), merchants.Select(m => m.Zone).ToArray());
    }

    public static bool IsMerchantEvent(RecordedEvent e) => e.Data is MerchantRegistered or MerchantUpdated;
}
