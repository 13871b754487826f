using System.Globalization;
using Es.Domain;
using Es.Projections.Commerce;
using Xunit.Abstractions;

namespace Es.Projections.Tests.Commerce;

/// <summary>
/// The ULB card-fraud sample (../shared/data/ulb_creditcard_fraud_sample.csv: Time in seconds from
/// the first transaction, 28 anonymised components, Amount in euros, Class 1 for fraud) as a second,
/// real check of the amount rule. It names no merchant and no card, so: one merchant (UTC), each row
/// a sale on a card of its own, in the order of Time (ties in file order), from 2013-09-01 00:00 UTC;
/// rows of 0.00 (not a sale the domain accepts) are left out. Reported, not judged: the sample is a
/// quarter fraud, and fraud there is not mostly about unusual amounts.
/// </summary>
public sealed class UlbCardFraudTests(CommerceDb db, ITestOutputHelper output) : IClassFixture<CommerceDb>
{
    public static string PathOfSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Es.sln")))
                return Path.Combine(dir.FullName, "..", "shared", "data", "ulb_creditcard_fraud_sample.csv");
        throw new InvalidOperationException("no Es.sln above the test's folder");
    }

    [Fact]
    public async Task The_amount_rule_over_the_ulb_sample_runs_and_reports_precision_and_recall_against_its_labels()
    {
        var lines = await File.ReadAllLinesAsync(PathOfSample());
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var (time, amount, label) = (Col("Time"), Col("Amount"), Col("Class"));
        var rows = lines.Skip(1).Select((l, i) => l.Split(',')).Select((c, i) => (
            Index: i, Time: double.Parse(c[time], CultureInfo.InvariantCulture),
            Amount: decimal.Parse(c[amount], NumberStyles.Float, CultureInfo.InvariantCulture), Fraud: c[label] == "1")).ToList();
        var sales = rows.Where(r => r.Amount > 0).OrderBy(r => r.Time).ThenBy(r => r.Index)
            .Select(r => (r.Fraud, Id: Guid.NewGuid(), r.Amount, At: new DateTimeOffset(2013, 9, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(r.Time))).ToList();
        var commands = new List<Command> { new RegisterMerchant("ulb", "ULB sample merchant", "unknown", "UTC", "ulb") };
        commands.AddRange(sales.Select(s => new RecordSale(s.Id, "ulb", "card", $"ulb-{s.Id:N}", new Money(decimal.Round(s.Amount, 2), "EUR"), s.At, $"ulb:{s.Id}")));
        await db.AppendAsync(commands, bulk: true);
        await using var node = await db.StartNodeAsync(await db.ProjectionAsync(), batchSize: 5_000);
        await CommerceDb.WaitCaughtUpAsync(node, TimeSpan.FromMinutes(3));

        Assert.Equal(sales.Count, await db.ScalarAsync("SELECT count(*) FROM {schema}.anomaly_sales WHERE merchant_id = 'ulb'"));
        var flagged = (await db.FlagsAsync()).Where(f => f.Rule == AnomalyProjection.Rules.AmountOutlier).Select(f => Guid.Parse(f.Subject)).ToHashSet();
        var judged = sales.Skip(new AnomalyOptions().AmountMinHistory).ToList();
        var truePositives = judged.Count(s => s.Fraud && flagged.Contains(s.Id));
        var frauds = judged.Count(s => s.Fraud);
        output.WriteLine($"ULB sample: {rows.Count} rows, {rows.Count - sales.Count} of 0.00 left out, {sales.Count} sales, {judged.Count} judged ({frauds} fraud)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"amount_outlier (z > {new AnomalyOptions().AmountThreshold}, last {new AnomalyOptions().AmountHistory}): flagged {flagged.Count}, of them fraud {truePositives}: precision {(flagged.Count == 0 ? 0 : (double)truePositives / flagged.Count):P1}, recall {(double)truePositives / frauds:P1}"));
        foreach (var threshold in new[] { 3.0, 5.0 })
        {
            // The same robust z at lower thresholds, worked out here over the same trailing window.
            var (hits, all) = (0, 0);
            for (var i = 20; i < sales.Count; i++)
            {
                var history = sales.Skip(Math.Max(0, i - 50)).Take(Math.Min(50, i)).Select(s => (double)decimal.Round(s.Amount, 2)).ToArray();
                var median = Median(history);
                var mad = Median(history.Select(h => Math.Abs(h - median)));
                if (mad > 0 && Math.Abs((double)decimal.Round(sales[i].Amount, 2) - median) / (1.4826 * mad) > threshold) { all++; if (sales[i].Fraud) hits++; }
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  at z > {threshold}: flagged {all}, fraud {hits}: precision {(all == 0 ? 0 : (double)hits / all):P1}, recall {(double)hits / frauds:P1}"));
        }
    }

    private static double Median(IEnumerable<double> xs)
    {
        var sorted = xs.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
