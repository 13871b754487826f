using System.Text;
using Es.Ingest.Contracts;

namespace Es.Ingest.Import.Mappings;

/// <summary>
/// JSON Lines of the Kafka contracts (docs/ingest.md, "Contracts"): each line is one message exactly as
/// a producer writes it to the sales or orders topic, read by the same <see cref="IngestContracts"/>, so
/// a file and a topic carry the same thing. A line's source id is the message's <c>id</c> when it has
/// one (as on Kafka), else <c>file:NAME#LINE</c>; its idempotency key is then the producer key Kafka
/// uses too (<see cref="IngestContracts.ProducerKey"/>), else the file's identity and line. A line that
/// is not a valid message is rejected with the dead-letter reason Kafka would give (<c>NOT_JSON</c>,
/// <c>WRONG_TYPE</c>, <c>MISSING_FIELD</c>, <c>INVALID_FIELD</c>, <c>UNKNOWN_CONTRACT</c>). Blank lines are no units.
/// </summary>
public sealed class JsonLinesMapping(ImportKind kind) : IImportMapping
{
    public const string MappingName = "jsonl";

    private static readonly IngestContracts Contracts = new();

    public string Name => MappingName;
    public ImportKind Kind => kind;

    private string Topic => kind == ImportKind.Sales ? IngestTopics.Sales : IngestTopics.Orders;

    public IReadOnlyList<string> FilesFor(string path) => [path];

    public ImportPlan Open(ImportSource source) => new(CsvRows.CountLines(source.Path) + 1, Lines(source));

    private IEnumerable<ImportRecord> Lines(ImportSource source)
    {
        using var reader = new StreamReader(source.Path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            yield return Read(source, line, text);
        }
    }

    private ImportRecord Read(ImportSource source, int line, string text)
    {
        var parsed = Contracts.Parse(Topic, Encoding.UTF8.GetBytes(text), source.SourceId(line));
        if (parsed.Violation is { } why)
            return ImportRecord.Rejected(line, why.Reason, why.Field is null ? why.Message : $"{why.Message} ({why.Field})");
        return ImportRecord.Of(line, parsed.Command!) with
        {
            ProducerKey = parsed.MessageId is { } id ? IngestContracts.ProducerKey(Topic, id) : null,
        };
    }
}
