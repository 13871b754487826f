using System.Globalization;
using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Commerce;

/// <summary>
/// Anomaly flags over sales and orders (docs/anomalies.md): each flag names its rule, says why in
/// words and lists the sequence numbers of the events behind it. The rules run in SQL over the
/// rows the projection keeps (sales, orders, merchants' time zones), a page at a time. Every rule
/// judges an event against the rows of <em>earlier</em> events only (lower sequence numbers; a
/// cancellation counts from its own sequence on), so a flag never depends on where a page
/// boundary fell: a rebuild gives the live build's rows exactly.
/// </summary>
public sealed class AnomalyProjection : Projection
{
    public const string ProjectionName = "anomalies";

    /// <summary>Bump when the rules' SQL changes: it is part of the rule set's fingerprint, so the flags are rebuilt.</summary>
    public const int LogicRevision = 2;

    public const string Flags = "anomaly_flags";
    public const string Sales = "anomaly_sales";
    public const string Orders = "anomaly_orders";
    public const string Zones = "anomaly_zones";
    public const string TicketDays = "anomaly_ticket_days";

    /// <summary>The rules, as stored in <c>anomaly_flags.rule</c>.</summary>
    public static class Rules
    {
        public const string DuplicateSale = "duplicate_sale";
        public const string AmountOutlier = "amount_outlier";
        public const string RefundOverRemaining = "refund_over_remaining";
        public const string TicketShift = "ticket_shift";
        public const string RepeatedAmount = "repeated_amount";
        public const string ImplausibleDelivery = "implausible_delivery";

        public static readonly IReadOnlyList<string> All = [DuplicateSale, AmountOutlier, RefundOverRemaining, TicketShift, RepeatedAmount, ImplausibleDelivery];
    }

    private readonly int _version;

    /// <param name="version">From <see cref="AnomalyRuleVersions.ResolveAsync"/>: a new one for each new rule set.</param>
    public AnomalyProjection(AnomalyOptions options, int version)
    {
        options.Validate();
        Options = options;
        _version = version;
        _sql = new RuleSql(options);
    }

    public AnomalyOptions Options { get; }

    public override string Name => ProjectionName;

    public override int Version => _version;

    public static string FingerprintOf(AnomalyOptions options) =>
        $"r{LogicRevision}-{options.Fingerprint()}";

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "MerchantRegistered", "MerchantUpdated", "SaleRecorded", "SaleCancelled", "SaleRefundRefused",
        "OrderPlaced", "OrderPickedUp", "OrderDelivered",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Flags, """
            seq          bigint           NOT NULL,
            rule         text             NOT NULL,
            merchant_id  text,
            day          date             NOT NULL,
            at           timestamptz      NOT NULL,
            subject      text             NOT NULL,
            reason       text             NOT NULL,
            score        double precision,
            events       bigint[]         NOT NULL,
            PRIMARY KEY (seq, rule)
            """,
            "CREATE INDEX ON {table} (merchant_id, seq DESC)",
            "CREATE INDEX ON {table} (rule, seq DESC)",
            "CREATE INDEX ON {table} (day, rule)",
            // Sales search asks "is this sale flagged" per sale (the flag's subject is its sale id).
            "CREATE INDEX ON {table} (subject)"),
        new(Sales, """
            seq            bigint      PRIMARY KEY,
            sale_id        uuid        NOT NULL UNIQUE,
            merchant_id    text        NOT NULL,
            card           text        NOT NULL,
            currency       text        NOT NULL,
            amount         numeric     NOT NULL,
            approved_at    timestamptz NOT NULL,
            local_day      date        NOT NULL,
            outlier        boolean     NOT NULL DEFAULT false,
            cancelled_seq  bigint,
            merchant_rank  bigint      NOT NULL
            """,
            "CREATE INDEX ON {table} (merchant_id, seq) INCLUDE (currency, amount, local_day)",
            "CREATE UNIQUE INDEX ON {table} (merchant_id, currency, merchant_rank)",
            "CREATE INDEX ON {table} (merchant_id, card, seq)",
            "CREATE INDEX ON {table} (merchant_id, local_day)"),
        new(Orders, """
            order_id       uuid        PRIMARY KEY,
            restaurant_id  text        NOT NULL,
            time_zone      text        NOT NULL,
            placed_seq     bigint      NOT NULL,
            placed_at      timestamptz NOT NULL,
            picked_up_seq  bigint,
            picked_up_at   timestamptz
            """),
        new(Zones, """
            merchant_id  text   NOT NULL,
            seq          bigint NOT NULL,
            time_zone    text   NOT NULL,
            PRIMARY KEY (merchant_id, seq)
            """),
        new(TicketDays, """
            merchant_id       text    NOT NULL,
            day               date    NOT NULL,
            currency          text    NOT NULL,
            judged_seq        bigint  NOT NULL,
            day_sales         int     NOT NULL,
            day_average       numeric,
            trailing_sales    int     NOT NULL,
            trailing_average  numeric,
            ratio             numeric,
            flagged           boolean NOT NULL,
            PRIMARY KEY (merchant_id, day)
            """),
    ];

    /// <summary>
    /// <c>merchant:ID</c> for a merchant's details, <c>sale:ID</c> for a sale's events and
    /// <c>order:ID</c> for an order's (a flag's own events are listed on the flag).
    /// </summary>
    public override IEnumerable<string> KeysOf(RecordedEvent e) => e.Data switch
    {
        MerchantRegistered m => [$"merchant:{m.MerchantId}"],
        MerchantUpdated m => [$"merchant:{m.MerchantId}"],
        SaleRecorded s => [$"sale:{s.SaleId}"],
        SaleCancelled s => [$"sale:{s.SaleId}"],
        SaleRefundRefused s => [$"sale:{s.SaleId}"],
        OrderPlaced o => [$"order:{o.OrderId}"],
        OrderPickedUp o => [$"order:{o.OrderId}"],
        OrderDelivered o => [$"order:{o.OrderId}"],
        var other => throw new ArgumentException($"anomalies does not handle {other.GetType().Name}"),
    };

    private readonly RuleSql _sql;

    /// <summary>
    /// The page's facts first (time zones, sales, cancellations, orders, pick-ups), then the rules
    /// over them: amount outliers before the day judgements (a day's average leaves its outliers
    /// out), then duplicates, repeats, refused refunds and deliveries. Each rule reads only rows of
    /// lower sequence than the event it judges, so the statements' order within a page cannot
    /// change a flag.
    /// </summary>
    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql
            .Replace("{flags}", batch.Table(Flags)).Replace("{sales}", batch.Table(Sales)).Replace("{orders}", batch.Table(Orders))
            .Replace("{zones}", batch.Table(Zones)).Replace("{days}", batch.Table(TicketDays));
        var zones = new List<(long Seq, string Merchant, string Zone)>();
        var sales = new List<(long Seq, SaleRecorded Sale)>();
        var cancels = new List<(long Seq, Guid Sale)>();
        var refused = new List<(long Seq, SaleRefundRefused Refused)>();
        var placed = new List<(long Seq, OrderPlaced Order)>();
        var pickups = new List<(long Seq, OrderPickedUp Pickup)>();
        var delivered = new List<(long Seq, OrderDelivered Delivery)>();
        foreach (var pe in batch.Events)
        {
            var seq = pe.Event.Sequence;
            switch (pe.Event.Data)
            {
                case MerchantRegistered m: zones.Add((seq, m.MerchantId, m.TimeZone)); break;
                case MerchantUpdated m: zones.Add((seq, m.MerchantId, m.TimeZone)); break;
                case SaleRecorded s: sales.Add((seq, s)); break;
                case SaleCancelled c: cancels.Add((seq, c.SaleId)); break;
                case SaleRefundRefused r: refused.Add((seq, r)); break;
                case OrderPlaced o: placed.Add((seq, o)); break;
                case OrderPickedUp p: pickups.Add((seq, p)); break;
                case OrderDelivered d: delivered.Add((seq, d)); break;
            }
        }
        if (zones.Count > 0)
            batch.Execute(S(RuleSql.InsertZones), zones.Select(z => z.Merchant).ToArray(), zones.Select(z => z.Seq).ToArray(), zones.Select(z => z.Zone).ToArray());
        if (sales.Count > 0)
            batch.Execute(S(RuleSql.InsertSales),
                sales.Select(s => s.Seq).ToArray(), sales.Select(s => s.Sale.SaleId).ToArray(), sales.Select(s => s.Sale.MerchantId).ToArray(),
                sales.Select(s => s.Sale.CustomerToken).ToArray(), sales.Select(s => s.Sale.Amount.Currency).ToArray(),
                sales.Select(s => s.Sale.Amount.Amount).ToArray(), sales.Select(s => s.Sale.ApprovedAt.ToUniversalTime()).ToArray());
        if (cancels.Count > 0)
            batch.Execute(S(RuleSql.Cancel), cancels.Select(c => c.Sale).ToArray(), cancels.Select(c => c.Seq).ToArray());
        if (placed.Count > 0)
            batch.Execute(S(RuleSql.InsertOrders), placed.Select(o => o.Seq).ToArray(), placed.Select(o => o.Order.OrderId).ToArray(),
                placed.Select(o => o.Order.RestaurantId).ToArray(), placed.Select(o => o.Order.PlacedAt.ToUniversalTime()).ToArray());
        if (pickups.Count > 0)
            batch.Execute(S(RuleSql.PickUp), pickups.Select(p => p.Pickup.OrderId).ToArray(), pickups.Select(p => p.Seq).ToArray(),
                pickups.Select(p => p.Pickup.PickedUpAt.ToUniversalTime()).ToArray());
        if (sales.Count > 0)
        {
            var seqs = sales.Select(s => s.Seq).ToArray();
            batch.Execute(S(_sql.AmountOutlier), seqs);
            batch.Execute(S(_sql.TicketShift), seqs);
            batch.Execute(S(_sql.Duplicate), seqs);
            batch.Execute(S(_sql.Repeated), seqs);
        }
        if (refused.Count > 0)
            batch.Execute(S(RuleSql.RefundOverRemaining), refused.Select(r => r.Seq).ToArray(), refused.Select(r => r.Refused.SaleId).ToArray(),
                refused.Select(r => r.Refused.RefundId).ToArray(), refused.Select(r => r.Refused.Amount.Amount).ToArray(),
                refused.Select(r => r.Refused.Remaining.Amount).ToArray(), refused.Select(r => r.Refused.Amount.Currency).ToArray(),
                refused.Select(r => r.Refused.AttemptedAt.ToUniversalTime()).ToArray());
        if (delivered.Count > 0)
            batch.Execute(S(_sql.Delivery), delivered.Select(d => d.Seq).ToArray(), delivered.Select(d => d.Delivery.OrderId).ToArray(),
                delivered.Select(d => d.Delivery.DeliveredAt.ToUniversalTime()).ToArray(), delivered.Select(d => d.Delivery.DistanceKm).ToArray());
        return Task.CompletedTask;
    }

    /// <summary>The rules' statements, with the thresholds written in as literals (numbers from validated options, never input).</summary>
    private sealed class RuleSql
    {
        public RuleSql(AnomalyOptions o)
        {
            string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
            var window = F(o.DuplicateWindow.TotalSeconds);
            AmountOutlier = AmountOutlierTemplate
                .Replace("{history}", o.AmountHistory.ToString(CultureInfo.InvariantCulture))
                .Replace("{min_history}", o.AmountMinHistory.ToString(CultureInfo.InvariantCulture))
                .Replace("{threshold}", F(o.AmountThreshold));
            Duplicate = DuplicateTemplate.Replace("{window}", window);
            Repeated = RepeatedTemplate.Replace("{n}", o.RepeatCount.ToString(CultureInfo.InvariantCulture));
            TicketShift = TicketShiftTemplate
                .Replace("{ratio}", F(o.TicketRatio)).Replace("{trailing_days}", o.TicketTrailingDays.ToString(CultureInfo.InvariantCulture))
                .Replace("{min_day}", o.TicketMinDaySales.ToString(CultureInfo.InvariantCulture))
                .Replace("{min_trailing}", o.TicketMinTrailingSales.ToString(CultureInfo.InvariantCulture));
            Delivery = DeliveryTemplate.Replace("{min_minutes}", F(o.MinDeliveryMinutes)).Replace("{max_minutes}", F(o.MaxDeliveryMinutes))
                .Replace("{max_kmh}", F(o.MaxCourierKmh));
        }

        public string AmountOutlier { get; }
        public string Duplicate { get; }
        public string Repeated { get; }
        public string TicketShift { get; }
        public string Delivery { get; }

        // The merchant's time zone as of an event: its latest registration or update before it (UTC if none).
        private const string ZoneAt = "coalesce((SELECT z.time_zone FROM {zones} z WHERE z.merchant_id = {m} AND z.seq < {s} ORDER BY z.seq DESC LIMIT 1), 'UTC')";

        public const string InsertZones = """
            INSERT INTO {zones} (merchant_id, seq, time_zone)
            SELECT * FROM unnest(?::text[], ?::bigint[], ?::text[]) ON CONFLICT DO NOTHING
            """;

        public static readonly string InsertSales = """
            INSERT INTO {sales} (seq, sale_id, merchant_id, card, currency, amount, approved_at, local_day, merchant_rank)
            SELECT i.seq, i.sale_id, i.merchant_id, i.card, i.currency, i.amount, i.at, (i.at AT TIME ZONE ZONE_AT)::date,
                   coalesce((SELECT max(p.merchant_rank) FROM {sales} p WHERE p.merchant_id = i.merchant_id AND p.currency = i.currency), 0)
                   + row_number() OVER (PARTITION BY i.merchant_id, i.currency ORDER BY i.seq)
            FROM unnest(?::bigint[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::timestamptz[])
                 AS i (seq, sale_id, merchant_id, card, currency, amount, at)
            ON CONFLICT DO NOTHING
            """.Replace("ZONE_AT", ZoneAt.Replace("{m}", "i.merchant_id").Replace("{s}", "i.seq"));

        public const string Cancel = """
            UPDATE {sales} s SET cancelled_seq = c.seq
            FROM unnest(?::uuid[], ?::bigint[]) AS c (sale_id, seq)
            WHERE s.sale_id = c.sale_id AND s.cancelled_seq IS NULL
            """;

        public static readonly string InsertOrders = """
            INSERT INTO {orders} (order_id, restaurant_id, time_zone, placed_seq, placed_at)
            SELECT i.order_id, i.restaurant_id, ZONE_AT, i.seq, i.at
            FROM unnest(?::bigint[], ?::uuid[], ?::text[], ?::timestamptz[]) AS i (seq, order_id, restaurant_id, at)
            ON CONFLICT DO NOTHING
            """.Replace("ZONE_AT", ZoneAt.Replace("{m}", "i.restaurant_id").Replace("{s}", "i.seq"));

        public const string PickUp = """
            UPDATE {orders} o SET picked_up_seq = i.seq, picked_up_at = i.at
            FROM unnest(?::uuid[], ?::bigint[], ?::timestamptz[]) AS i (order_id, seq, at)
            WHERE o.order_id = i.order_id AND o.picked_up_seq IS NULL
            """;

        // Alive as of the judged sale s: not cancelled, or cancelled only after it.
        private const string AliveAt = "(p.cancelled_seq IS NULL OR p.cancelled_seq > s.seq)";

        // Rule 2: robust z = |x − median| / (1.4826 · MAD) over the merchant's previous {history}
        // sales in the same currency, those cancelled before the judged sale left out. A history
        // whose MAD is 0 (half of it one amount) judges nothing. The previous sales are a range of
        // merchant_rank (the sale's place among its merchant's sales in its currency, given as it is
        // stored): a look-up of at most {history} rows whatever the planner believes of the table,
        // where "the last {history} by sequence" let it read every earlier sale of the merchant.
        // Medians as percentile_cont(0.5) computes them (lo + (hi − lo) · 0.5 over the sorted values),
        // from one sorted array per sale: a third of the sorting of three ordered-set aggregates.
        private static readonly string AmountOutlierTemplate = """
            WITH history AS (
                SELECT s.seq, s.sale_id, s.merchant_id, s.local_day, s.approved_at, s.amount, s.currency, h.n, h.sorted,
                       h.sorted[(h.n + 1) / 2] + (h.sorted[h.n / 2 + 1] - h.sorted[(h.n + 1) / 2]) * 0.5 AS median
                FROM {sales} s
                CROSS JOIN LATERAL (
                    SELECT count(*)::int AS n, array_agg(p.amount::float8 ORDER BY p.amount) AS sorted
                    FROM {sales} p
                    WHERE p.merchant_id = s.merchant_id AND p.currency = s.currency
                      AND p.merchant_rank >= s.merchant_rank - {history} AND p.merchant_rank < s.merchant_rank AND ALIVE) h
                WHERE s.seq = ANY (?::bigint[]) AND h.n >= {min_history}),
            scored AS (
                SELECT h.*, m.mad, abs(h.amount::float8 - h.median) / (1.4826 * m.mad) AS z
                FROM history h
                CROSS JOIN LATERAL (
                    SELECT d[(h.n + 1) / 2] + (d[h.n / 2 + 1] - d[(h.n + 1) / 2]) * 0.5 AS mad
                    FROM (SELECT array_agg(abs(a - h.median) ORDER BY abs(a - h.median)) AS d FROM unnest(h.sorted) a) x) m
                WHERE m.mad > 0),
            flagged AS (SELECT * FROM scored WHERE z > {threshold}),
            marked AS (UPDATE {sales} s SET outlier = true FROM flagged f WHERE s.seq = f.seq)
            INSERT INTO {flags} (seq, rule, merchant_id, day, at, subject, reason, score, events)
            SELECT seq, 'amount_outlier', merchant_id, local_day, approved_at, sale_id::text,
                   format('%s %s is %s robust deviations from the median %s of the merchant''s previous %s sales (MAD %s), threshold {threshold}',
                          amount, currency, round(z::numeric, 1), round(median::numeric, 2), n, round(mad::numeric, 2)),
                   z, ARRAY[seq]
            FROM flagged
            ON CONFLICT DO NOTHING
            """.Replace("ALIVE", AliveAt);

        // Rule 1: an earlier sale (lower sequence) with the same card, merchant, currency and amount,
        // approved within the window either side; the later one is flagged, with both events.
        private static readonly string DuplicateTemplate = """
            INSERT INTO {flags} (seq, rule, merchant_id, day, at, subject, reason, score, events)
            SELECT s.seq, 'duplicate_sale', s.merchant_id, s.local_day, s.approved_at, s.sale_id::text,
                   format('same card, merchant and amount (%s %s) as sale %s, %s s apart, window {window} s',
                          s.amount, s.currency, d.sale_id, round(abs(extract(epoch FROM s.approved_at - d.approved_at)))),
                   abs(extract(epoch FROM s.approved_at - d.approved_at))::float8, ARRAY[d.seq, s.seq]
            FROM {sales} s
            CROSS JOIN LATERAL (
                SELECT p.seq, p.sale_id, p.approved_at FROM {sales} p
                WHERE p.merchant_id = s.merchant_id AND p.card = s.card AND p.seq < s.seq
                  AND p.currency = s.currency AND p.amount = s.amount AND ALIVE
                  AND p.approved_at BETWEEN s.approved_at - interval '{window} seconds' AND s.approved_at + interval '{window} seconds'
                ORDER BY p.seq DESC LIMIT 1) d
            WHERE s.seq = ANY (?::bigint[])
            ON CONFLICT DO NOTHING
            """.Replace("ALIVE", AliveAt);

        // Rule 5: the card's previous {n} − 1 sales at the merchant (by sequence, cancelled ones left
        // out) have the sale's amount, currency and local day, and the one before them does not: one
        // flag a run, on its {n}th sale.
        private static readonly string RepeatedTemplate = """
            INSERT INTO {flags} (seq, rule, merchant_id, day, at, subject, reason, score, events)
            SELECT s.seq, 'repeated_amount', s.merchant_id, s.local_day, s.approved_at, s.sale_id::text,
                   format('the same card paid %s %s {n} times in a row at this merchant on %s', s.amount, s.currency, s.local_day),
                   {n}, h.seqs || s.seq
            FROM {sales} s
            CROSS JOIN LATERAL (
                SELECT array_agg(p.seq ORDER BY p.seq) FILTER (WHERE p.rn < {n}) AS seqs,
                       count(*) FILTER (WHERE p.rn < {n} AND p.same) AS run,
                       bool_or(p.same) FILTER (WHERE p.rn = {n}) AS longer
                FROM (SELECT p.seq, p.amount = s.amount AND p.currency = s.currency AND p.local_day = s.local_day AS same,
                             row_number() OVER (ORDER BY p.seq DESC) AS rn
                      FROM {sales} p
                      WHERE p.merchant_id = s.merchant_id AND p.card = s.card AND p.seq < s.seq AND ALIVE
                      ORDER BY p.seq DESC LIMIT {n}) p) h
            WHERE s.seq = ANY (?::bigint[]) AND h.run = {n} - 1 AND NOT coalesce(h.longer, false)
            ON CONFLICT DO NOTHING
            """.Replace("ALIVE", AliveAt);

        // Rule 4: a merchant's day D is judged once, by its first sale of a later local day (by
        // sequence): the day's average ticket (its sales so far, not cancelled, amount outliers left
        // out) against the same over the {trailing_days} days before D. Every judgement is kept in
        // {days}; a day already judged is never judged again.
        private static readonly string TicketShiftTemplate = """
            WITH triggers AS (
                SELECT DISTINCT ON (s.merchant_id, prev.local_day) s.seq, s.merchant_id, s.currency, s.approved_at, prev.local_day AS day
                FROM {sales} s
                CROSS JOIN LATERAL (SELECT p.local_day FROM {sales} p WHERE p.merchant_id = s.merchant_id AND p.seq < s.seq ORDER BY p.seq DESC LIMIT 1) prev
                WHERE s.seq = ANY (?::bigint[]) AND prev.local_day < s.local_day
                ORDER BY s.merchant_id, prev.local_day, s.seq),
            figures AS (
                SELECT t.*, d.n AS day_sales, d.total AS day_total, d.seqs, w.n AS trailing_sales, w.total AS trailing_total
                FROM triggers t
                CROSS JOIN LATERAL (
                    SELECT count(*)::int AS n, sum(p.amount) AS total, array_agg(p.seq ORDER BY p.seq) AS seqs FROM {sales} p
                    WHERE p.merchant_id = t.merchant_id AND p.local_day = t.day AND p.currency = t.currency AND p.seq < t.seq
                      AND NOT p.outlier AND (p.cancelled_seq IS NULL OR p.cancelled_seq > t.seq)) d
                CROSS JOIN LATERAL (
                    SELECT count(*)::int AS n, sum(p.amount) AS total FROM {sales} p
                    WHERE p.merchant_id = t.merchant_id AND p.local_day >= t.day - {trailing_days} AND p.local_day < t.day
                      AND p.currency = t.currency AND p.seq < t.seq
                      AND NOT p.outlier AND (p.cancelled_seq IS NULL OR p.cancelled_seq > t.seq)) w),
            rated AS (
                SELECT f.*, f.day_total / nullif(f.day_sales, 0) AS day_average, f.trailing_total / nullif(f.trailing_sales, 0) AS trailing_average,
                       CASE WHEN f.day_sales >= {min_day} AND f.trailing_sales >= {min_trailing} AND f.trailing_total > 0
                            THEN (f.day_total / f.day_sales) / (f.trailing_total / f.trailing_sales) END AS ratio
                FROM figures f),
            judged AS (
                INSERT INTO {days} (merchant_id, day, currency, judged_seq, day_sales, day_average, trailing_sales, trailing_average, ratio, flagged)
                SELECT merchant_id, day, currency, seq, day_sales, day_average, trailing_sales, trailing_average, ratio,
                       coalesce(ratio >= {ratio} OR ratio <= 1 / {ratio}::numeric, false)
                FROM rated
                ON CONFLICT (merchant_id, day) DO NOTHING
                RETURNING merchant_id, day, flagged)
            INSERT INTO {flags} (seq, rule, merchant_id, day, at, subject, reason, score, events)
            SELECT r.seq, 'ticket_shift', r.merchant_id, r.day, r.approved_at, r.merchant_id || ':' || r.day,
                   format('average ticket %s %s over %s sales on %s is %s× the trailing %s-day level %s %s (%s sales), threshold {ratio}× either way',
                          round(r.day_average, 2), r.currency, r.day_sales, r.day, round(r.ratio, 2), {trailing_days},
                          round(r.trailing_average, 2), r.currency, r.trailing_sales),
                   r.ratio::float8, r.seqs
            FROM judged j JOIN rated r USING (merchant_id, day)
            WHERE j.flagged
            ON CONFLICT DO NOTHING
            """;

        // Rule 3: the domain refused a refund above what was left of its sale and recorded the attempt.
        public static readonly string RefundOverRemaining = """
            INSERT INTO {flags} (seq, rule, merchant_id, day, at, subject, reason, score, events)
            SELECT i.seq, 'refund_over_remaining', s.merchant_id,
                   (i.at AT TIME ZONE ZONE_AT)::date, i.at, i.sale_id::text,
                   format('refund %s asked %s %s but only %s %s was left of the sale (%s %s)',
                          i.refund_id, i.amount, i.currency, i.remaining, i.currency, s.amount, s.currency),
                   (i.amount - i.remaining)::float8,
                   CASE WHEN s.seq IS NULL THEN ARRAY[i.seq] ELSE ARRAY[s.seq, i.seq] END
            FROM unnest(?::bigint[], ?::uuid[], ?::text[], ?::numeric[], ?::numeric[], ?::text[], ?::timestamptz[])
                 AS i (seq, sale_id, refund_id, amount, remaining, currency, at)
            LEFT JOIN {sales} s ON s.sale_id = i.sale_id
            ON CONFLICT DO NOTHING
            """.Replace("ZONE_AT", ZoneAt.Replace("{m}", "s.merchant_id").Replace("{s}", "i.seq"));

        // Rule 6: minutes from placing to delivery out of bounds, or a courier faster than allowed
        // (distance over the time from pick-up, or from placing when there was no pick-up).
        private const string DeliveryTemplate = """
            INSERT INTO {flags} (seq, rule, merchant_id, day, at, subject, reason, score, events)
            SELECT i.seq, 'implausible_delivery', o.restaurant_id, (o.placed_at AT TIME ZONE o.time_zone)::date, i.at, i.order_id::text,
                   CASE WHEN m.minutes < {min_minutes} THEN format('delivered %s min after it was placed, minimum {min_minutes} min', round(m.minutes, 1))
                        WHEN m.minutes > {max_minutes} THEN format('delivered %s min after it was placed, maximum {max_minutes} min', round(m.minutes, 1))
                        ELSE format('%s km in %s min is %s km/h, maximum {max_kmh} km/h', i.km, round(m.ride_minutes, 1), round(m.kmh, 1)) END,
                   m.minutes::float8, array_remove(ARRAY[o.placed_seq, o.picked_up_seq, i.seq], NULL)
            FROM unnest(?::bigint[], ?::uuid[], ?::timestamptz[], ?::numeric[]) AS i (seq, order_id, at, km)
            JOIN {orders} o ON o.order_id = i.order_id
            CROSS JOIN LATERAL (
                SELECT extract(epoch FROM i.at - o.placed_at) / 60 AS minutes,
                       extract(epoch FROM i.at - coalesce(o.picked_up_at, o.placed_at)) / 60 AS ride_minutes) t
            CROSS JOIN LATERAL (
                SELECT t.minutes, t.ride_minutes, i.km / nullif(t.ride_minutes / 60, 0) AS kmh) m
            WHERE m.minutes < {min_minutes} OR m.minutes > {max_minutes} OR m.kmh > {max_kmh}
            ON CONFLICT DO NOTHING
            """;
    }
}
