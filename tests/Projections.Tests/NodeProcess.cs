using System.Collections.Concurrent;
using System.Diagnostics;
using Es.EventStore;
using Es.Projections.Samples;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Es.Projections.Tests;

/// <summary>
/// The test assembly is also a program: <c>dotnet Es.Projections.Tests.dll node ...</c> runs one Es
/// node (event store, projections, Marten's daemon in hot/cold mode, the rebuild runner) in a
/// process of its own, so a test can kill it with SIGKILL as a crash or an OOM kill would: no
/// stop, no dispose, no finally; PostgreSQL sees its sockets close.
/// </summary>
/// <remarks>
/// Its one projection counts events per stream (<see cref="EventCountProjection"/>) and says on
/// stdout what it applies. <c>--hold-after S</c> makes the first page with an event past sequence S
/// hold its transaction open: the page's statements are sent and run, then a <c>pg_sleep</c>, so
/// the writes are in the server, uncommitted, when the test kills the process. The process ends
/// by itself when its stdin closes (the test is gone) or after two minutes.
/// </remarks>
public static class NodeProgram
{
    public const string Prefix = "es-node:";

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["node", .. var rest])
        {
            await Console.Error.WriteLineAsync("usage: node --schema S --node N --projection P [--batch B] [--hold-after SEQ] [--page-delay-ms MS] [--rebuild]");
            return 2;
        }
        var a = ParseArgs(rest);
        var schema = a["schema"];
        var nodeName = a["node"];
        var name = a["projection"];
        var batchSize = int.Parse(a.GetValueOrDefault("batch", "100"));
        var projection = new HoldingProjection(new EventCountProjection(name, TestEvents.All, e => e.StreamId), Say)
        {
            HoldAfter = a.TryGetValue("hold-after", out var h) ? long.Parse(h) : null,
            PageDelay = TimeSpan.FromMilliseconds(int.Parse(a.GetValueOrDefault("page-delay-ms", "0"))),
        };

        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services
            // client_connection_check_interval: a backend in the middle of a statement (a held page's
            // pg_sleep) notices within 100 ms that this process is gone, and rolls back.
            .AddEventStore($"{EngineFixture.ConnectionString};Application Name={EngineFixture.ApplicationName(schema, nodeName)};Options=-c client_connection_check_interval=100",
                TestEvents.Register,
                o => o.Schema = schema)
            .AddProjections(r => r.Add(projection), o =>
            {
                o.NodeName = nodeName;
                o.BatchSize = batchSize;
                o.PollInterval = TimeSpan.FromMilliseconds(100);
                o.RetryDelay = TimeSpan.FromMilliseconds(100);
            });
        builder.Services.ConfigureMarten(FastTakeover);
        using var host = builder.Build();
        await host.StartAsync();
        Say("started");
        if (a.ContainsKey("rebuild"))
            Say($"rebuilding g{await host.Services.GetRequiredService<ProjectionCatalog>().RebuildAsync(name)}");

        // Until killed. Should the test go away without killing it, its stdin closes: end then.
        var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
        await Task.WhenAny(stdinClosed, Task.Delay(TimeSpan.FromMinutes(2)));
        Say("exiting");
        return 0;
    }

    /// <summary>
    /// Marten's hot/cold settings for a test (production keeps Marten's defaults): a cold node tries
    /// for the leadership locks every 200 ms (default 5 s), and the leader starts a paused shard
    /// again after 500 ms (default 5 s).
    /// </summary>
    public static void FastTakeover(StoreOptions o)
    {
        o.Projections.LeadershipPollingTime = 200;
        o.Projections.HealthCheckPollingTime = TimeSpan.FromMilliseconds(500);
    }

    internal static void Say(string line) => Console.Out.WriteLine(Prefix + line);

    private static Dictionary<string, string> ParseArgs(string[] args)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument {args[i]}");
            var key = args[i][2..];
            d[key] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }
        return d;
    }
}

/// <summary>
/// A projection that says what it applies, and can slow its pages down and hold one page's
/// transaction open: past <see cref="HoldAfter"/>, once, its statements are followed by a long
/// <c>pg_sleep</c>, so they have run in the server, uncommitted, until the sleep is cut short.
/// </summary>
public sealed class HoldingProjection(Projection inner, Action<string> say) : WrappedProjection(inner)
{
    private int _held;
    public long? HoldAfter { get; init; }
    public TimeSpan PageDelay { get; init; }

    public override async Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        if (PageDelay > TimeSpan.Zero) await Task.Delay(PageDelay, ct);
        await Inner.ApplyAsync(batch, ct);
        var (first, last) = (batch.Events[0].Event.Sequence, batch.Events[^1].Event.Sequence);
        if (HoldAfter is { } after && last > after && Interlocked.Exchange(ref _held, 1) == 0)
        {
            batch.Execute("SELECT pg_sleep(?)", 30.0);
            say($"holding {first} {last}");
        }
        else
        {
            say($"page {first} {last}");
        }
    }

    /// <summary>The first and last sequence of a page line ("page 1 100", "holding 401 500").</summary>
    public static (long First, long Last) Range(string line)
    {
        var parts = line.Split(' ');
        return (long.Parse(parts[1]), long.Parse(parts[2]));
    }
}

/// <summary>An Es node in a child process (<see cref="NodeProgram"/>), and what it has said.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _said = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly SemaphoreSlim _newLine = new(0);

    private NodeProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith(NodeProgram.Prefix, StringComparison.Ordinal))
            {
                _said.Enqueue(line[NodeProgram.Prefix.Length..]);
                _newLine.Release();
            }
        };
        process.ErrorDataReceived += (sender, e) =>
        {
            if (e.Data is { } line) _errors.Enqueue(line);
            while (_errors.Count > 40) _errors.TryDequeue(out _);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;
    public IReadOnlyCollection<string> Said => _said;

    public static NodeProcess Start(string schema, string node, string projection, params string[] options)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[typeof(NodeProgram).Assembly.Location, "node", "--schema", schema, "--node", node, "--projection", projection, .. options])
            start.ArgumentList.Add(arg);
        start.Environment["ES_TEST_POSTGRES"] = EngineFixture.ConnectionString;
        return new NodeProcess(Process.Start(start) ?? throw new InvalidOperationException("the node process did not start"));
    }

    /// <summary>Waits for the first line the node said that matches, and returns it.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_said.FirstOrDefault(match) is { } line) return line;
            if (_process.HasExited)
                throw new InvalidOperationException($"The node process exited ({_process.ExitCode}) before {what}. stderr: {string.Join('\n', _errors)}");
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"Timed out waiting until the node process said {what}. It said: {string.Join(" | ", _said.TakeLast(5))}. stderr: {string.Join('\n', _errors)}");
            await _newLine.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>SIGKILL: the process ends at once, running nothing of its own.</summary>
    public async Task KillAsync()
    {
        _process.Kill(); // SIGKILL on Linux
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }
}
