using System.Text;
using Es.Commands;
using Es.Domain;
using Es.EventStore;
using Es.Ingest.Import;
using Es.Tests.Shared;
using Marten;
using Npgsql;

namespace Es.Ingest.Tests.Import;

/// <summary>The importer over a real event store: the private PostgreSQL cluster, a fresh schema per test class.</summary>
public sealed class ImportFixture : IAsyncLifetime
{
    private static string ConnectionString =>
        Environment.GetEnvironmentVariable("ES_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=54329;Username=postgres;Database=es";

    private DocumentStore? _documents;

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(ConnectionString + ";Maximum Pool Size=40");
    public string Schema { get; } = "es_test_import_" + Guid.NewGuid().ToString("N")[..12];
    public MartenEventStore Store { get; private set; } = null!;
    public CommandPipeline Pipeline { get; private set; } = null!;
    public string TempFolder { get; } = Directory.CreateTempSubdirectory("es-import-").FullName;

    public async Task InitializeAsync()
    {
        var types = CommandPipeline.RegisterDomainEvents(new EventTypeRegistry());
        var options = new EventStoreOptions { Schema = Schema };
        _documents = DocumentStore.For(o => EsMarten.Configure(o, ConnectionString, types, options));
        Store = new MartenEventStore(_documents, DataSource, types, options);
        await Store.MigrateAsync();
        Pipeline = new CommandPipeline(Store, TimeProvider.System);
    }

    public FileImporter Importer(ICommandBatchSender? sender = null, int batchUnits = 200) =>
        new(sender ?? new PipelineBatchSender(Pipeline), new ImportCheckpoints(DataSource, Schema), batchUnits);

    /// <summary>Stored events by type name (every event in the schema).</summary>
    /// <summary>Events per stable name (a version above 1 is stored as <c>{name}_v{N}</c>).</summary>
    public async Task<Dictionary<string, long>> EventCountsAsync()
    {
        var counts = new Dictionary<string, long>();
        await using var cmd = DataSource.CreateCommand($"SELECT regexp_replace(type, '_v[0-9]+$', ''), count(*) FROM {Schema}.mt_events GROUP BY 1");
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql.Replace("{schema}", Schema));
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public static string TypeName<T>() where T : DomainEvent => DomainEvents.Of(typeof(T)).Name;

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(TempFolder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    public async Task DisposeAsync()
    {
        _documents?.Dispose();
        await using (var cmd = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE"))
            await cmd.ExecuteNonQueryAsync();
        await DataSource.DisposeAsync();
        Directory.Delete(TempFolder, recursive: true);
    }
}

/// <summary>The samples in ../shared/data beside the repository (never committed here), read by the tests' own CSV reader.</summary>
public static class SampleData
{
    public static string Path(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Es.sln")))
                return System.IO.Path.Combine(dir.FullName, "..", "shared", "data", fileName);
        throw new InvalidOperationException("no Es.sln above the test's folder");
    }

    /// <summary>The rows of a CSV file as column → value, after the header.</summary>
    public static List<Dictionary<string, string>> Read(string fileName)
    {
        var rows = TestCsv.Parse(File.ReadAllText(Path(fileName), Encoding.UTF8));
        var header = rows[0].Select(h => h.Trim('\uFEFF')).ToArray();
        return rows.Skip(1).Select(r => header.Select((h, i) => (h, v: i < r.Length ? r[i] : "")).ToDictionary(p => p.h, p => p.v)).ToList();
    }
}

/// <summary>Collects what the importer reports, as a test reads it.</summary>
public sealed class RecordingObserver : IImportObserver
{
    public List<(int Line, string Code, string Message, bool Skipped)> Problems { get; } = [];
    public ImportStart? Start { get; private set; }

    public void Started(ImportStart start) => Start = start;

    public void Problem(int line, LineProblem problem, bool skipped)
    {
        lock (Problems) Problems.Add((line, problem.Code, problem.Message, skipped));
    }
}
