using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Es.Ingest.Tests.Kafka;

/// <summary>
/// A PostgreSQL cluster of this test's own (initdb into a temp folder, a free port), so it can be
/// stopped and started without touching the shared one. Found and run as scripts/pg does: the
/// newest /usr/lib/postgresql/*/bin, as the postgres user when running as root.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _data;

    public int Port { get; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=3;Command Timeout=10";

    private PrivatePostgres(string bin, string data, int port)
    {
        _bin = bin;
        _data = data;
        Port = port;
    }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0).LastOrDefault()
            ?? throw new InvalidOperationException("No PostgreSQL binaries under /usr/lib/postgresql (scripts/setup installs them).");
        var data = Path.Combine(Path.GetTempPath(), "es-pg-outage-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        if (Environment.UserName == "root") await RunAsync("chown", ["postgres:postgres", data]);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var pg = new PrivatePostgres(bin, data, FreePort());
        await pg.AsPostgresAsync("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        await pg.StartAgainAsync();
        return pg;
    }

    public Task StartAgainAsync() => AsPostgresAsync("pg_ctl",
        ["-D", _data, "-l", Path.Combine(_data, "server.log"), "-w", "-t", "60", "-o", $"-p {Port} -k {_data} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]);

    public Task StopAsync() => AsPostgresAsync("pg_ctl", ["-D", _data, "-m", "fast", "-w", "stop"]);

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (InvalidOperationException) { /* stopped already */ }
        Directory.Delete(_data, recursive: true);
    }

    private Task AsPostgresAsync(string tool, string[] arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: exit {process.ExitCode}: {await error}{await output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
