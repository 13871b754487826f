using System.CommandLine;
using Es.Ingest.Generation;
using Es.Ingest.Kafka;

namespace Es.Api.Ingest;

/// <summary>
/// <c>es generate</c>: the seeded commerce generator into JSON Lines files or the Kafka topics
/// (docs/ingest.md, "es generate"). Needs no database: only the Es:Kafka settings (topic names,
/// bootstrap servers) of the host's configuration.
/// </summary>
public static class GenerateVerb
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var kafka = new KafkaIngestOptions();
        configuration.GetSection(KafkaIngestOptions.Section).Bind(kafka);
        var root = new RootCommand("Es generate") { GenerateCommand.Create(kafka) };
        return await root.Parse(args).InvokeAsync();
    }
}
