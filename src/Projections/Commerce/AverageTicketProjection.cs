using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Commerce;

/// <summary>
/// A merchant's daily ticket per platform and currency: approved amounts minus refunds, and the
/// number of distinct sales (transactions), by the sale's local day in the merchant's time zone
/// (<see cref="MerchantZoneHistory"/>). A refund counts on its sale's day, so a day's net is what its
/// sales came to; a refund is not a transaction. A cancelled sale is no sale: its amount and its
/// transaction come off its day. A refused refund (<c>SaleRefundRefused</c>) refunds nothing and is
/// not handled. Averages (daily, and weekly as Σ net / Σ transactions) are computed when read.
/// </summary>
/// <param name="defaultTimeZone">The zone of a merchant not registered when its sale was appended; changing it needs a rebuild.</param>
public sealed class AverageTicketProjection(string defaultTimeZone = MerchantZoneHistory.DefaultTimeZone) : Projection
{
    public const string Daily = "average_ticket_daily";
    public const string Sales = "average_ticket_sales";
    public const string Zones = "average_ticket_zones";

    public string DefaultTimeZone { get; } = defaultTimeZone;

    public override string Name => "average_ticket";

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "MerchantRegistered", "MerchantUpdated", "SaleRecorded", "SaleRefunded", "SaleCancelled",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Daily, """
            merchant_id  text    NOT NULL,
            platform     text    NOT NULL,
            currency     text    NOT NULL,
            day          date    NOT NULL,
            transactions int     NOT NULL,
            approved     numeric NOT NULL,
            refunded     numeric NOT NULL,
            PRIMARY KEY (merchant_id, day, platform, currency)
            """),
        new(Sales, """
            sale_id     uuid    PRIMARY KEY,
            merchant_id text    NOT NULL,
            platform    text    NOT NULL,
            currency    text    NOT NULL,
            day         date    NOT NULL,
            amount      numeric NOT NULL,
            refunded    numeric NOT NULL DEFAULT 0,
            cancelled   boolean NOT NULL DEFAULT false
            """),
        new(Zones, MerchantZoneHistory.Columns),
    ];

    /// <summary>
    /// Every sale event touches <c>sale:ID</c>; a recorded sale and a merchant's registration touch
    /// <c>merchant:ID</c> too. A refund or a cancellation names only its sale (the event carries neither
    /// merchant nor day), so <c>explain average_ticket sale:ID</c> is where a sale's history is.
    /// </summary>
    public override IEnumerable<string> KeysOf(RecordedEvent e) => e.Data switch
    {
        MerchantRegistered m => [$"merchant:{m.MerchantId}"],
        MerchantUpdated m => [$"merchant:{m.MerchantId}"],
        SaleRecorded s => [$"merchant:{s.MerchantId}", $"sale:{s.SaleId}"],
        SaleRefunded s => [$"sale:{s.SaleId}"],
        SaleCancelled s => [$"sale:{s.SaleId}"],
        var other => throw new ArgumentException($"average_ticket does not handle {other.GetType().Name}"),
    };

    // Each sale's local day is cut with the zone its merchant had just before the sale's position.
    private static readonly string Record = $"""
        WITH input AS (
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::timestamptz[], ?::bigint[])
                AS i(sale_id, merchant_id, platform, currency, amount, approved_at, seq)),
        located AS (
            SELECT i.sale_id, i.merchant_id, i.platform, i.currency, i.amount,
                   (i.approved_at AT TIME ZONE {MerchantZoneHistory.ZoneAt("i.merchant_id", "i.seq")})::date AS day
            FROM input i),
        added AS (
            INSERT INTO {"{sales}"} (sale_id, merchant_id, platform, currency, day, amount)
            SELECT sale_id, merchant_id, platform, currency, day, amount FROM located
            ON CONFLICT (sale_id) DO NOTHING
            RETURNING merchant_id, platform, currency, day, amount)
        INSERT INTO {"{daily}"} AS d (merchant_id, platform, currency, day, transactions, approved, refunded)
        SELECT merchant_id, platform, currency, day, count(*), sum(amount), 0 FROM added GROUP BY 1, 2, 3, 4
        ON CONFLICT (merchant_id, day, platform, currency) DO UPDATE
            SET transactions = d.transactions + EXCLUDED.transactions, approved = d.approved + EXCLUDED.approved
        """;

    // A refund goes to its sale's day (not the refund's): the day's net is what that day's sales came to.
    private const string Refund = """
        WITH input AS (
            SELECT sale_id, sum(amount) AS amount FROM unnest(?::uuid[], ?::numeric[]) AS i(sale_id, amount) GROUP BY sale_id),
        refunded AS (
            UPDATE {sales} s SET refunded = s.refunded + i.amount FROM input i WHERE s.sale_id = i.sale_id
            RETURNING s.merchant_id, s.platform, s.currency, s.day, i.amount),
        per_day AS (
            SELECT merchant_id, platform, currency, day, sum(amount) AS amount FROM refunded GROUP BY 1, 2, 3, 4)
        UPDATE {daily} d SET refunded = d.refunded + p.amount FROM per_day p
        WHERE d.merchant_id = p.merchant_id AND d.day = p.day AND d.platform = p.platform AND d.currency = p.currency
        """;

    private const string Cancel = """
        WITH gone AS (
            UPDATE {sales} SET cancelled = true WHERE sale_id = ANY (?) AND NOT cancelled
            RETURNING merchant_id, platform, currency, day, amount, refunded),
        per_day AS (
            SELECT merchant_id, platform, currency, day, count(*) AS n, sum(amount) AS amount, sum(refunded) AS refunded
            FROM gone GROUP BY 1, 2, 3, 4)
        UPDATE {daily} d
        SET transactions = d.transactions - p.n, approved = d.approved - p.amount, refunded = d.refunded - p.refunded
        FROM per_day p
        WHERE d.merchant_id = p.merchant_id AND d.day = p.day AND d.platform = p.platform AND d.currency = p.currency
        """;

    /// <summary>
    /// Four statements a page at most, in this order: merchants' zones, recorded sales, refunds,
    /// cancellations. The domain records a sale before refunding or cancelling it, never refunds a
    /// cancelled sale and never cancels a refunded one, so this order gives what applying the page's
    /// events one by one would; zones are looked up by sequence, so moving the merchant events first
    /// changes nothing either.
    /// </summary>
    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql.Replace("{sales}", batch.Table(Sales)).Replace("{daily}", batch.Table(Daily)).Replace("{zones}", batch.Table(Zones));
        MerchantZoneHistory.Apply(batch, Zones, DefaultTimeZone);
        var recorded = new List<(SaleRecorded Sale, long Seq)>();
        var refunds = new List<SaleRefunded>();
        var cancelled = new List<Guid>();
        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case SaleRecorded e: recorded.Add((e, pe.Event.Sequence)); break;
                case SaleRefunded e: refunds.Add(e); break;
                case SaleCancelled e: cancelled.Add(e.SaleId); break;
            }
        }
        if (recorded.Count > 0)
            batch.Execute(S(Record),
                recorded.Select(r => r.Sale.SaleId).ToArray(),
                recorded.Select(r => r.Sale.MerchantId).ToArray(),
                recorded.Select(r => r.Sale.Platform).ToArray(),
                recorded.Select(r => r.Sale.Amount.Currency).ToArray(),
                recorded.Select(r => r.Sale.Amount.Amount).ToArray(),
                recorded.Select(r => r.Sale.ApprovedAt.ToUniversalTime()).ToArray(),
                recorded.Select(r => r.Seq).ToArray(),
                DefaultTimeZone);
        if (refunds.Count > 0)
            batch.Execute(S(Refund), refunds.Select(r => r.SaleId).ToArray(), refunds.Select(r => r.Amount.Amount).ToArray());
        if (cancelled.Count > 0)
            batch.Execute(S(Cancel), cancelled.ToArray());
        return Task.CompletedTask;
    }
}
