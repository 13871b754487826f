using Bogus;
using Es.Domain;

namespace Es.Ingest.Generation;

/// <summary>What the generator makes: the size of the world and how much of it is wrong on purpose.</summary>
public sealed class GeneratorOptions
{
    /// <summary>Same seed, same options → the same commands in the same order, byte for byte.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Local calendar days generated, from <see cref="Start"/>.</summary>
    public int Days { get; set; } = 28;

    /// <summary>Card merchants (sales).</summary>
    public int Merchants { get; set; } = 40;

    /// <summary>Restaurants (orders); they are merchants too.</summary>
    public int Restaurants { get; set; } = 10;

    /// <summary>Card holders / customers; each has a few favourite merchants and comes back to them.</summary>
    public int Customers { get; set; } = 3_000;

    /// <summary>Sales a day over all merchants on an average weekday, before the weekly profile.</summary>
    public int SalesPerDay { get; set; } = 2_000;

    /// <summary>Orders a day over all restaurants, before the weekly profile.</summary>
    public int OrdersPerDay { get; set; } = 300;

    /// <summary>
    /// Share of sales (and of orders, and of busy merchant-days) made into a labelled anomaly; the
    /// sale anomalies are split evenly between the four sale rules.
    /// </summary>
    public double AnomalyShare { get; set; } = 0.01;

    /// <summary>The first local day (a Monday by default). Everything generated is before <c>Start + Days + 14 days</c>.</summary>
    public DateOnly Start { get; set; } = new(2026, 1, 5);

    public void Validate()
    {
        if (Days < 1) throw new ArgumentException("Days must be at least 1.");
        if (Merchants < 1 || Restaurants < 0 || Customers < 10) throw new ArgumentException("Need at least 1 merchant and 10 customers.");
        if (AnomalyShare is < 0 or > 0.2) throw new ArgumentException("AnomalyShare must be between 0 and 0.2.");
        if (SalesPerDay < 0 || OrdersPerDay < 0) throw new ArgumentException("Volumes cannot be negative.");
    }
}

/// <summary>The anomaly rules a label names (the same six the anomaly projection flags).</summary>
public enum AnomalyKind
{
    /// <summary>The same card, merchant and amount again within seconds.</summary>
    DuplicateSale,
    /// <summary>One sale far above the merchant's usual amounts.</summary>
    AmountOutlier,
    /// <summary>A refund asking more than what is left of its sale (the domain refuses and records it).</summary>
    RefundOverRemaining,
    /// <summary>A whole merchant-day whose tickets are shifted far from the merchant's weekly level.</summary>
    TicketShift,
    /// <summary>One card paying one merchant the same amount three times in a row in a day.</summary>
    RepeatedAmount,
    /// <summary>An order delivered implausibly fast or slow.</summary>
    ImplausibleDelivery,
}

/// <summary>
/// An injected anomaly: the rule it should trip and the ids involved — sale ids (the flagged sale
/// last), the order id, or for <see cref="AnomalyKind.TicketShift"/> the day's sale ids with <see cref="Day"/>.
/// </summary>
public sealed record AnomalyLabel(AnomalyKind Kind, string MerchantId, IReadOnlyList<Guid> Ids, DateOnly? Day = null);

/// <summary>A command in time order; <see cref="Label"/> is set on the command that completes an injected anomaly.</summary>
public sealed record GeneratedCommand(Command Command, DateTimeOffset At, AnomalyLabel? Label);

/// <summary>A merchant or restaurant as generated: its ticket level in its own currency.</summary>
public sealed record GeneratedMerchant(string Id, string Name, string Category, string TimeZone, string Currency, decimal MedianTicket, double Weight, bool IsRestaurant);

/// <summary>
/// Seeded, deterministic commerce data: merchants and restaurants (registered first), then sales,
/// refunds, cancellations and orders (placed, picked up, delivered or cancelled, rated) in time
/// order, with daily and weekly seasonality in each merchant's local time, Zipf-skewed merchant
/// sizes, returning customers, and a labelled share of injected anomalies. Commands carry a
/// <c>SourceId</c> of <c>gen:{seed}/{n}</c>; the caller sets the actor and the clock (the pipeline does).
/// </summary>
public sealed class CommerceGenerator
{
    private static readonly (string Zone, string Currency, decimal Scale, int Decimals)[] Zones =
    [
        ("Asia/Seoul", "KRW", 1_300m, 0), ("America/Sao_Paulo", "BRL", 5m, 2),
        ("Europe/Berlin", "EUR", 0.92m, 2), ("America/New_York", "USD", 1m, 2),
    ];

    private static readonly string[] Lines = ["grocery", "fuel", "pharmacy", "electronics", "clothing", "cafe", "books", "hardware"];
    private static readonly string[] Cuisines = ["Korean", "Japanese", "Italian", "Brazilian", "Chinese", "Mexican", "Indian"];

    // Weekly profile, Monday first; hourly profile in local time (shops and restaurants).
    private static readonly double[] Weekday = [0.9, 0.92, 0.95, 1.0, 1.15, 1.25, 0.83];
    private static readonly double[] ShopHours = Normalise([0, 0, 0, 0, 0, 0, 0.2, 0.5, 1, 1.3, 1.5, 1.8, 2.4, 2, 1.6, 1.5, 1.6, 1.9, 2.1, 1.8, 1.3, 0.8, 0.4, 0.1]);
    private static readonly double[] MealHours = Normalise([0, 0, 0, 0, 0, 0, 0, 0.1, 0.2, 0.3, 0.6, 2, 3.2, 2.4, 0.8, 0.5, 0.6, 1.2, 2.8, 3.4, 2.6, 1.4, 0.6, 0.2]);

    private const double TicketSigma = 0.3;

    private readonly GeneratorOptions _o;
    private readonly Randomizer _r;
    private readonly Faker _faker;
    private long _n;

    public CommerceGenerator(GeneratorOptions options)
    {
        options.Validate();
        _o = options;
        _r = new Randomizer(options.Seed);
        _faker = new Faker { Random = _r };
        Merchants = WeightsSummingToOne(Enumerable.Range(0, options.Merchants).Select(i => NewMerchant(i, restaurant: false)).ToList());
        Restaurants = WeightsSummingToOne(Enumerable.Range(0, options.Restaurants).Select(i => NewMerchant(i, restaurant: true)).ToList());
        Cards = Enumerable.Range(0, options.Customers).Select(i => $"card-{options.Seed}-{i:D6}-{_r.Hexadecimal(8, "")}").ToList();
        _favourites = Cards.Select(_ => Enumerable.Range(0, _r.Int(2, 6)).Select(_ => PickWeighted(Merchants)).Distinct().ToArray()).ToArray();
        _customerWeight = Cards.Select((_, i) => 1.0 / Math.Pow(i + 1, 0.6)).ToArray();
    }

    public IReadOnlyList<GeneratedMerchant> Merchants { get; }
    public IReadOnlyList<GeneratedMerchant> Restaurants { get; }
    public IReadOnlyList<string> Cards { get; }

    private readonly GeneratedMerchant[][] _favourites;
    private readonly double[] _customerWeight;
    private readonly Dictionary<string, int> _salesSoFar = new(StringComparer.Ordinal);

    /// <summary>Every command, in time order (ties keep generation order). Lazily: 1M sales need no list of 1M.</summary>
    public IEnumerable<GeneratedCommand> Generate()
    {
        var queue = new PriorityQueue<GeneratedCommand, (DateTimeOffset, long)>();
        var before = _o.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - TimeSpan.FromDays(2);
        foreach (var m in Merchants.Concat(Restaurants))
            yield return new GeneratedCommand(new RegisterMerchant(m.Id, m.Name, m.Category, m.TimeZone, Source()), new DateTimeOffset(before, TimeSpan.Zero), null);

        for (var d = 0; d < _o.Days; d++)
        {
            var day = _o.Start.AddDays(d);
            foreach (var m in Merchants) SalesOfDay(m, day, d, queue);
            foreach (var r in Restaurants) OrdersOfDay(r, day, queue);
            // No merchant's local day d+1 starts before UTC midnight of d+1 minus 14 hours (UTC+14).
            var horizon = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).AddHours(-14);
            while (queue.TryPeek(out _, out var key) && key.Item1 < horizon) yield return queue.Dequeue();
        }
        while (queue.Count > 0) yield return queue.Dequeue();
    }

    private void Push(PriorityQueue<GeneratedCommand, (DateTimeOffset, long)> q, Command c, DateTimeOffset at, AnomalyLabel? label = null) =>
        q.Enqueue(new GeneratedCommand(c, at, label), (at, _n));

    private string Source() => $"gen:{_o.Seed}/{++_n}";

    private Guid NewId() => new(_r.Bytes(16));

    private void SalesOfDay(GeneratedMerchant m, DateOnly day, int dayIndex, PriorityQueue<GeneratedCommand, (DateTimeOffset, long)> q)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(m.TimeZone);
        var expected = _o.SalesPerDay * m.Weight * Weekday[(int)day.DayOfWeek == 0 ? 6 : (int)day.DayOfWeek - 1];
        var count = Poisson(expected);
        // A busy merchant-day (12 sales or more) after a week of history may be shifted whole.
        // Only a day with enough sales to be judged, and not the last day (a day is judged when the next one starts).
        var shifted = dayIndex >= 8 && dayIndex < _o.Days - 1 && count >= 12 && _r.Double() < _o.AnomalyShare * 2;
        var shiftFactor = shifted ? (_r.Bool() ? 2.2m : 0.4m) : 1m;
        var shiftedSales = new List<(RecordSale Sale, DateTimeOffset At)>();
        for (var i = 0; i < count; i++)
        {
            var at = LocalInstant(day, ShopHours, zone);
            var card = PickCustomerFor(m);
            var amount = Round(m, m.MedianTicket * (decimal)Math.Exp(Gaussian() * TicketSigma) * shiftFactor);
            var saleId = NewId();
            if (shifted)
            {
                shiftedSales.Add((new RecordSale(saleId, m.Id, "pos", card, new Money(amount, m.Currency), at, Source()), at));
                continue;
            }
            var roll = _r.Double();
            var share = _o.AnomalyShare / 4;
            _salesSoFar[m.Id] = _salesSoFar.GetValueOrDefault(m.Id) + 1;
            if (dayIndex >= 2 && roll < share) InjectDuplicate(m, card, saleId, amount, at, q);
            else if (roll < 2 * share && _salesSoFar.GetValueOrDefault(m.Id) >= 30) InjectOutlier(m, card, saleId, at, q);
            else if (roll < 3 * share) InjectOverRefund(m, card, saleId, amount, at, q);
            else if (roll < 4 * share) InjectRepeat(m, $"card-{_o.Seed}-r{_n}", day, zone, q);
            else CleanSale(m, card, saleId, amount, at, q);
        }
        if (shiftedSales.Count == 0) return;
        // The label rides on the day's last sale: by then the whole day is there.
        var last = shiftedSales.MaxBy(s => s.At);
        var label = new AnomalyLabel(AnomalyKind.TicketShift, m.Id, shiftedSales.Select(s => s.Sale.SaleId).ToList(), day);
        foreach (var (sale, at) in shiftedSales) Push(q, sale, at, ReferenceEquals(sale, last.Sale) ? label : null);
    }

    private void CleanSale(GeneratedMerchant m, string card, Guid saleId, decimal amount, DateTimeOffset at, PriorityQueue<GeneratedCommand, (DateTimeOffset, long)> q)
    {
        Push(q, new RecordSale(saleId, m.Id, Platform(), card, new Money(amount, m.Currency), at, Source()), at);
        var follow = _r.Double();
        if (follow < 0.015)
        {
            var cancelAt = at.AddMinutes(_r.Int(1, 90));
            Push(q, new CancelSale(saleId, "customer changed their mind", cancelAt, Source()), cancelAt);
        }
        else if (follow < 0.045)
        {
            var refundAt = at.AddHours(_r.Int(2, 240));
            var part = _r.Bool(0.6f) ? amount : Round(m, amount * (decimal)_r.Double(0.2, 0.8));
            if (part > 0)
                Push(q, new RefundSale(saleId, $"r-{saleId:N}", new Money(part, m.Currency), refundAt, Source()), refundAt);
        }
    }

    private void InjectDuplicate(GeneratedMerchant m, string card, Guid saleId, decimal amount, DateTimeOffset at, PriorityQueue<GeneratedCommand, (DateTimeOffset, long)> q)
    {
        var platform = Platform();
        Push(q, new RecordSale(saleId, m.Id, platform, card, new Money(amount, m.Currency), at, Source()), at);
        var again = at.AddSeconds(_r.Int(5, 100));
        var dup = NewId();
        Push(q, new RecordSale(dup, m.Id, platform, card, new Money(amount, m.Currency), again, Source()), again,
            new AnomalyLabel(AnomalyKind.DuplicateSale, m.Id, [saleId, dup]));
    }

    private void InjectOutlier(GeneratedMerchant m, string card, Guid saleId, DateTimeOffset at, PriorityQueue<GeneratedCommand, (DateTimeOffset, long)> q)
    {
        var amount = Round(m, m.MedianTicket * (decimal)_r.Double(12, 40));
        Push(q, new RecordSale(saleId, m.Id, Platform(), card, new Money(amount, m.Currency), at, Source()), at,
            new AnomalyLabel(AnomalyKind.AmountOutlier, m.Id, [saleId]));
    }

    private void InjectOverRefund(GeneratedMerchant m, string card, Guid saleId, decimal amount, DateTimeOffset at, PriorityQueue<GeneratedCommand, (DateTimeOffset, long)> q)
    {
        Push(q, new RecordSale(saleId, m.Id, Platform(), card, new Money(amount, m.Currency), at, Source()), at);
        var refundAt = at.AddHours(_r.Int(1, 72));
        var asked = Round(m, amount * (decimal)_r.Double(1.2, 2.5));
        Push(q, new RefundSale(saleId, $"r-{saleId:N}", new Money(asked, m.Currency), refundAt, Source()), refundAt,
            new AnomalyLabel(AnomalyKind.RefundOverRemaining, m.Id, [saleId]));
    }

    private void InjectRepeat(GeneratedMerchant m, string card, DateOnly day, TimeZoneInfo zone, PriorityQueue<GeneratedCommand, (DateTimeOffset, long)> q)
    {
        // Three sales of one amount, 10-60 minutes apart (never within the duplicate window), between
        // 9:00 and 18:00 local, on a card of its own (so no other sale of the card comes between).
        var amount = Round(m, m.MedianTicket * (decimal)Math.Exp(Gaussian() * TicketSigma));
        var local = day.ToDateTime(new TimeOnly(9, 0)).AddMinutes(_r.Int(0, 420));
        var ids = new List<Guid>();
        for (var k = 0; k < 3; k++)
        {
            var at = Instant(local, zone);
            var id = NewId();
            ids.Add(id);
            Push(q, new RecordSale(id, m.Id, "pos", card, new Money(amount, m.Currency), at, Source()), at,
                k == 2 ? new AnomalyLabel(AnomalyKind.RepeatedAmount, m.Id, [.. ids]) : null);
            local = local.AddMinutes(_r.Int(10, 60));
        }
    }

    private void OrdersOfDay(GeneratedMerchant r, DateOnly day, PriorityQueue<GeneratedCommand, (DateTimeOffset, long)> q)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(r.TimeZone);
        var count = Poisson(_o.OrdersPerDay * r.Weight * Weekday[(int)day.DayOfWeek == 0 ? 6 : (int)day.DayOfWeek - 1]);
        for (var i = 0; i < count; i++)
        {
            var placedAt = LocalInstant(day, MealHours, zone);
            var orderId = NewId();
            var items = Enumerable.Range(0, _r.Int(1, 4))
                .Select(_ => new OrderItem(_faker.Commerce.ProductName(), _r.Int(1, 3), Round(r, r.MedianTicket * (decimal)_r.Double(0.3, 0.7))))
                .ToList();
            var total = new Money(Order.ItemsTotal(items), r.Currency);
            Push(q, new PlaceOrder(orderId, PickCustomerFor(r), r.Id, items, total, _faker.Address.City(), placedAt, Source()), placedAt);
            if (_r.Double() < 0.04)
            {
                var cancelAt = placedAt.AddMinutes(_r.Int(1, 15));
                Push(q, new CancelOrder(orderId, "restaurant could not prepare it", cancelAt, Source()), cancelAt);
                continue;
            }
            var distance = Math.Round((decimal)_r.Double(0.4, 8), 1);
            var fee = new Money(Round(r, r.MedianTicket * 0.1m), r.Currency);
            DateTimeOffset deliveredAt;
            AnomalyLabel? label = null;
            if (_r.Double() < _o.AnomalyShare)
            {
                // Delivered 1-3 minutes after placing (no pick-up), or 5-9 hours after.
                deliveredAt = _r.Bool() ? placedAt.AddSeconds(_r.Int(60, 180)) : placedAt.AddMinutes(_r.Int(300, 540));
                label = new AnomalyLabel(AnomalyKind.ImplausibleDelivery, r.Id, [orderId]);
            }
            else
            {
                var pickedUpAt = placedAt.AddMinutes(_r.Int(8, 25));
                Push(q, new PickUpOrder(orderId, pickedUpAt, Source()), pickedUpAt);
                // Courier at 12-30 km/h plus 3-8 minutes at the door.
                deliveredAt = pickedUpAt.AddMinutes((double)distance / _r.Double(12, 30) * 60 + _r.Int(3, 8));
            }
            Push(q, new DeliverOrder(orderId, deliveredAt, distance, fee, Source()), deliveredAt, label);
            if (_r.Double() < 0.6)
            {
                var ratedAt = deliveredAt.AddMinutes(_r.Int(20, 180));
                Push(q, new RateOrder(orderId, _r.WeightedRandom([1, 2, 3, 4, 5], [0.05f, 0.05f, 0.15f, 0.35f, 0.4f]), ratedAt, Source()), ratedAt);
            }
        }
    }

    private GeneratedMerchant NewMerchant(int i, bool restaurant)
    {
        var (zone, currency, scale, _) = Zones[_r.Int(0, Zones.Length - 1)];
        var usd = restaurant ? (decimal)_r.Double(12, 45) : (decimal)Math.Exp(_r.Double(Math.Log(6), Math.Log(150)));
        var weight = 1.0 / Math.Pow(i + 1, 1.1);
        var id = restaurant ? $"r-{_o.Seed}-{i:D4}" : $"m-{_o.Seed}-{i:D4}";
        var name = restaurant ? $"{_faker.Name.LastName()}'s {_faker.PickRandom(Cuisines)} Kitchen" : _faker.Company.CompanyName();
        var category = restaurant ? _faker.PickRandom(Cuisines) : _faker.PickRandom(Lines);
        return new GeneratedMerchant(id, name, category, zone, currency, decimal.Round(usd * scale, 2), weight, restaurant);
    }

    private GeneratedMerchant PickWeighted(IReadOnlyList<GeneratedMerchant> ms)
    {
        var total = ms.Sum(m => m.Weight);
        var x = _r.Double() * total;
        foreach (var m in ms) { x -= m.Weight; if (x <= 0) return m; }
        return ms[^1];
    }

    // Weights sum to 1 so SalesPerDay (OrdersPerDay) is the total over the merchants (restaurants).
    private static List<GeneratedMerchant> WeightsSummingToOne(List<GeneratedMerchant> ms)
    {
        var total = ms.Sum(m => m.Weight);
        return ms.Select(m => m with { Weight = m.Weight / total }).ToList();
    }

    private string PickCustomerFor(GeneratedMerchant m)
    {
        // Returning customers: most sales come from card holders who favour this merchant.
        for (var tries = 0; tries < 8; tries++)
        {
            var c = PickCustomer();
            if (_favourites[c].Contains(m) || tries == 7) return Cards[c];
        }
        return Cards[PickCustomer()];
    }

    private int PickCustomer()
    {
        // Zipf-ish activity by rejection sampling (cheap, deterministic).
        while (true)
        {
            var c = _r.Int(0, Cards.Count - 1);
            if (_r.Double() < _customerWeight[c]) return c;
        }
    }

    private string Platform() => _r.Double() < 0.7 ? "pos" : _r.Double() < 0.8 ? "online" : "app";

    private DateTimeOffset LocalInstant(DateOnly day, double[] hours, TimeZoneInfo zone)
    {
        var x = _r.Double();
        var h = 0;
        while (h < 23 && x > hours[h]) { x -= hours[h]; h++; }
        var local = day.ToDateTime(new TimeOnly(h, 0)).AddSeconds(_r.Int(0, 3599));
        return Instant(local, zone);
    }

    private static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        // A local time skipped by a daylight-saving jump moves an hour on.
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        var offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset).ToUniversalTime();
    }

    private decimal Round(GeneratedMerchant m, decimal amount)
    {
        var decimals = Currencies.MinorUnits[m.Currency];
        var rounded = decimal.Round(amount, decimals);
        var minimum = decimals == 0 ? 100m : 0.5m;
        return rounded < minimum ? minimum : rounded;
    }

    private double Gaussian()
    {
        // Box-Muller on the seeded source.
        var u1 = 1.0 - _r.Double();
        var u2 = _r.Double();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private int Poisson(double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 50) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Gaussian()));
        var l = Math.Exp(-mean);
        var k = 0;
        var p = 1.0;
        do { k++; p *= _r.Double(); } while (p > l);
        return k - 1;
    }

    private static double[] Normalise(double[] xs)
    {
        var s = xs.Sum();
        return xs.Select(x => x / s).ToArray();
    }
}
