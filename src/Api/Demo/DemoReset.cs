using Es.EventStore;
using Es.Projections;
using Npgsql;

namespace Es.Api.Demo;

/// <summary>
/// <c>--reset</c>: drops Es's schemas (the event store's, which also holds the accounts, and the
/// projections' when it is another) before the host migrates them again, so that <c>--demo</c> seeds
/// a fresh database. Only on the private cluster of scripts/pg (a loopback host on its port); any
/// other database also needs <c>--reset-confirm=DATABASE/SCHEMA</c> naming what is dropped, so a
/// reset is never an accident on a real deployment.
/// </summary>
public static class DemoReset
{
    public const string Flag = "--reset";
    public const string ConfirmFlag = "--reset-confirm";

    /// <summary>scripts/pg's port; it honours ES_PG_PORT the same way.</summary>
    public static int PrivateClusterPort =>
        int.TryParse(Environment.GetEnvironmentVariable("ES_PG_PORT"), out var port) ? port : 54329;

    /// <summary>Null to go on starting; an exit code when the reset was refused.</summary>
    public static async Task<int?> RunAsync(IServiceProvider services, string[] args, CancellationToken ct = default)
    {
        if (!args.Contains(Flag)) return null;
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var eventSchema = services.GetRequiredService<EventStoreOptions>().Schema;
        var schemas = new[] { eventSchema, services.GetRequiredService<ProjectionOptions>().Schema ?? eventSchema }.Distinct().ToArray();
        var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        var where = $"{target.Host}:{target.Port}/{target.Database}";
        if (!IsPrivateCluster(target) && !Confirmed(args, target.Database, schemas))
        {
            Console.Error.WriteLine($"Es: --reset refused: {where} is not the private cluster of scripts/pg (127.0.0.1:{PrivateClusterPort}). " +
                $"To drop schema {string.Join(" and ", schemas)} there anyway, add {ConfirmFlag}={target.Database}/{string.Join(",", schemas)}.");
            return 2;
        }
        await using (var drop = dataSource.CreateCommand(string.Join("; ", schemas.Select(s => $"DROP SCHEMA IF EXISTS {s} CASCADE"))))
            await drop.ExecuteNonQueryAsync(ct);
        Console.WriteLine($"Es: reset: dropped schema {string.Join(" and ", schemas)} (events, accounts, read models) on {where}.");
        return null;
    }

    public static bool IsPrivateCluster(NpgsqlConnectionStringBuilder target) =>
        target.Host is "127.0.0.1" or "localhost" or "::1" && target.Port == PrivateClusterPort;

    private static bool Confirmed(string[] args, string? database, string[] schemas) =>
        args.Contains($"{ConfirmFlag}={database}/{string.Join(",", schemas)}");
}
