using Es.Domain;

namespace Es.Commerce.Bench;

/// <summary>
/// A deterministic year of sales and orders (seeded Random): customers who come back (a few often,
/// most rarely: the customer of each purchase is drawn with a skew towards low indices), one in ten
/// paying in EUR, the rest in GBP; refunds in part or in full, cancelled sales and orders, deliveries,
/// returns. Every refund, cancellation, delivery and return follows its purchase in the log and keeps
/// to the domain's rules (a refund never exceeds what is left; nothing follows a cancellation).
/// </summary>
public sealed class Shoppers(int seed, int customers, DateTimeOffset start, TimeSpan span)
{
    public DateTimeOffset End => start + span;

    private sealed class Purchase(Guid id, string customer, Money amount, DateTimeOffset at)
    {
        public Guid Id { get; } = id;
        public string Customer { get; } = customer;
        public Money Amount { get; } = amount;
        public DateTimeOffset At { get; } = at;
        public decimal Refunded { get; set; }
        public bool Closed { get; set; }
    }

    public List<DomainEvent> Generate(int events)
    {
        var random = new Random(seed);
        var log = new List<DomainEvent>(events);
        var sales = new List<Purchase>();
        var orders = new List<Purchase>();
        var step = span / events;
        string Customer() => $"cust-{(int)(customers * Math.Pow(random.NextDouble(), 1.4)):D6}";
        Money Amount(string customer, int items) =>
            new(Math.Round(items * (decimal)(2 + random.NextDouble() * random.NextDouble() * 120), 2), customer.EndsWith('0') ? "EUR" : "GBP");
        // A follow-up picks among the last 5,000 purchases of its kind: refunds and cancellations come soon after.
        Purchase? Recent(List<Purchase> from) => from.Count == 0 ? null : from[Math.Max(0, from.Count - 1 - random.Next(Math.Min(5_000, from.Count)))];

        for (var n = 0; log.Count < events; n++)
        {
            var at = start + step * n;
            var roll = random.NextDouble();
            if (roll < 0.42)
            {
                var customer = Customer();
                var items = 1 + random.Next(4);
                var total = Amount(customer, items);
                var line = Math.Round(total.Amount / items, 2);
                var lines = Enumerable.Range(0, items).Select(i => new OrderItem($"item {i}", 1, i < items - 1 ? line : total.Amount - line * (items - 1))).ToList();
                var order = new Purchase(Guid.NewGuid(), customer, total, at);
                orders.Add(order);
                log.Add(new OrderPlaced(order.Id, customer, $"restaurant-{random.Next(500)}", lines, total, "area", at, $"bench#{n}"));
            }
            else if (roll < 0.80)
            {
                var customer = Customer();
                var sale = new Purchase(Guid.NewGuid(), customer, Amount(customer, 1), at);
                sales.Add(sale);
                log.Add(new SaleRecorded(sale.Id, $"merchant-{random.Next(2_000)}", "card", customer, sale.Amount, at, $"bench#{n}"));
            }
            else if (roll < 0.85 && Recent(sales) is { Closed: false } refunded && refunded.Refunded < refunded.Amount.Amount)
            {
                var left = refunded.Amount.Amount - refunded.Refunded;
                var amount = random.NextDouble() < 0.5 ? left : Math.Max(0.01m, Math.Round(left * (decimal)random.NextDouble(), 2));
                refunded.Refunded += amount;
                log.Add(new SaleRefunded(refunded.Id, $"r{n}", new Money(amount, refunded.Amount.Currency), new Money(left - amount, refunded.Amount.Currency), at, $"bench#{n}"));
            }
            else if (roll < 0.87 && Recent(sales) is { Closed: false, Refunded: 0m } voided)
            {
                voided.Closed = true;
                log.Add(new SaleCancelled(voided.Id, "voided", at, $"bench#{n}"));
            }
            else if (roll < 0.90 && Recent(orders) is { Closed: false } cancelled)
            {
                cancelled.Closed = true;
                log.Add(new OrderCancelled(cancelled.Id, "changed their mind", at, $"bench#{n}"));
            }
            else if (roll < 0.98 && Recent(orders) is { Closed: false } delivered)
            {
                delivered.Closed = true;
                log.Add(new OrderDelivered(delivered.Id, at, 2.5m, new Money(2.99m, delivered.Amount.Currency), $"bench#{n}"));
            }
            else if (roll >= 0.98 && Recent(orders) is { } returned)
            {
                var amount = Math.Max(0.01m, Math.Round(returned.Amount.Amount / 2, 2));
                log.Add(new ReturnRecorded(Guid.NewGuid(), returned.Customer, "shop", [new OrderItem("item 0", 1, amount)],
                    new Money(amount, returned.Amount.Currency), at, returned.Id, $"bench#{n}"));
            }
        }
        return log;
    }
}
