using System.CommandLine;
using System.Globalization;
using Es.Ingest.Kafka;

namespace Es.Ingest.Generation;

/// <summary>
/// <c>generate (--out DIR | --kafka [--bootstrap HOST:PORT]) [--seed N] [--days N] [--start YYYY-MM-DD]
/// [--merchants N] [--restaurants N] [--customers N] [--sales-per-day N] [--orders-per-day N]
/// [--anomaly-share X] [--labels FILE]</c>: the seeded commerce generator's sales and orders as contract
/// messages, to JSON Lines files (<c>sales.jsonl</c>, <c>orders.jsonl</c>, what <c>es import</c> reads)
/// or to the Kafka topics; the injected anomalies' labels to a JSON Lines side file. Exit 0 when
/// written, 2 on bad usage, 1 when Kafka did not take every message.
/// </summary>
public static class GenerateCommand
{
    public const int Ok = 0, Failed = 1, Usage = 2;

    public static Command Create(KafkaIngestOptions kafka, TextWriter? output = null)
    {
        TextWriter Out() => output ?? Console.Out;
        var defaults = new GeneratorOptions();
        var seed = new Option<int>("--seed") { Description = "Same seed and options, the same messages byte for byte.", DefaultValueFactory = _ => defaults.Seed };
        var days = new Option<int>("--days") { Description = "Local calendar days of sales and orders.", DefaultValueFactory = _ => defaults.Days };
        var start = new Option<string>("--start") { Description = "The first day, yyyy-MM-dd.", DefaultValueFactory = _ => defaults.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        var merchants = new Option<int>("--merchants") { Description = "Card merchants.", DefaultValueFactory = _ => defaults.Merchants };
        var restaurants = new Option<int>("--restaurants") { Description = "Restaurants (orders).", DefaultValueFactory = _ => defaults.Restaurants };
        var customers = new Option<int>("--customers") { Description = "Card holders and diners.", DefaultValueFactory = _ => defaults.Customers };
        var salesPerDay = new Option<int>("--sales-per-day") { Description = "Sales a day over all merchants, before the weekly profile.", DefaultValueFactory = _ => defaults.SalesPerDay };
        var ordersPerDay = new Option<int>("--orders-per-day") { Description = "Orders a day over all restaurants, before the weekly profile.", DefaultValueFactory = _ => defaults.OrdersPerDay };
        var anomalyShare = new Option<double>("--anomaly-share") { Description = "Share of sales, orders and busy merchant-days made into labelled anomalies (0-0.2).", DefaultValueFactory = _ => defaults.AnomalyShare };
        var outFolder = new Option<DirectoryInfo?>("--out") { Description = $"Write {GeneratedJsonLines.SalesFile}, {GeneratedJsonLines.OrdersFile} and {AnomalyLabels.FileName} into this folder." };
        var toKafka = new Option<bool>("--kafka") { Description = "Produce to the sales and orders topics instead." };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Kafka's bootstrap servers (the embedded mock's address is in its host's log); Es:Kafka:BootstrapServers when left out." };
        var labels = new Option<FileInfo?>("--labels") { Description = $"The anomaly labels file; {AnomalyLabels.FileName} in --out, or in the current folder with --kafka." };
        var command = new Command("generate", "Generate seeded sales and orders (contract messages) into JSON Lines files or Kafka, with labelled anomalies.")
        {
            seed, days, start, merchants, restaurants, customers, salesPerDay, ordersPerDay, anomalyShare, outFolder, toKafka, bootstrap, labels,
        };
        command.SetAction(async (r, ct) =>
        {
            var folder = r.GetValue(outFolder);
            var kafkaOn = r.GetValue(toKafka);
            if ((folder is null) == !kafkaOn)
            {
                await Out().WriteLineAsync("Say where to: --out DIR (JSON Lines files) or --kafka (the sales and orders topics), one of them.");
                return Usage;
            }
            if (!DateOnly.TryParseExact(r.GetValue(start), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                await Out().WriteLineAsync($"--start {r.GetValue(start)} is not a date of the form yyyy-MM-dd.");
                return Usage;
            }
            var options = new GeneratorOptions
            {
                Seed = r.GetValue(seed), Days = r.GetValue(days), Start = first, Merchants = r.GetValue(merchants),
                Restaurants = r.GetValue(restaurants), Customers = r.GetValue(customers), SalesPerDay = r.GetValue(salesPerDay),
                OrdersPerDay = r.GetValue(ordersPerDay), AnomalyShare = r.GetValue(anomalyShare),
            };
            try { options.Validate(); }
            catch (ArgumentException e)
            {
                await Out().WriteLineAsync(e.Message);
                return Usage;
            }

            IGeneratedMessageSink sink;
            string labelsPath;
            if (folder is not null)
            {
                sink = new GeneratedJsonLines(folder.FullName);
                labelsPath = r.GetValue(labels)?.FullName ?? Path.Combine(folder.FullName, AnomalyLabels.FileName);
            }
            else
            {
                var servers = r.GetValue(bootstrap) is { Length: > 0 } given ? given : kafka.BootstrapServers;
                if (string.IsNullOrWhiteSpace(servers))
                {
                    await Out().WriteLineAsync("No Kafka configured: pass --bootstrap HOST:PORT (the embedded mock cluster's address is in the host's log).");
                    return Usage;
                }
                sink = new GeneratedKafka(servers, kafka.SalesTopic, kafka.OrdersTopic);
                labelsPath = r.GetValue(labels)?.FullName ?? Path.GetFullPath(AnomalyLabels.FileName);
            }

            GenerationSummary summary;
            await using (sink)
            {
                try { summary = await CommerceOutput.WriteAsync(options, sink, labelsPath, ct); }
                catch (Confluent.Kafka.KafkaException e)
                {
                    await Out().WriteLineAsync($"Kafka did not take every message: {e.Error.Reason}");
                    return Failed;
                }
            }
            await Out().WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Generated {summary.Messages:N0} messages ({summary.SalesMessages:N0} sales, {summary.OrdersMessages:N0} orders) and {summary.Labels:N0} anomaly labels, seed {options.Seed}, {options.Days} days from {options.Start:yyyy-MM-dd}, in {summary.Elapsed.TotalSeconds:N1} s ({summary.MessagesPerSecond:N0} messages/s)."));
            await Out().WriteLineAsync($"  messages: {sink.Where}");
            await Out().WriteLineAsync($"  labels:   {labelsPath}");
            return Ok;
        });
        return command;
    }
}
