using System.Diagnostics;

namespace Es.GraphQL.Http.Bench;

/// <summary>
/// How to start one of the servers compared. <paramref name="JitPath"/>, where the server has one,
/// answers how many methods its JIT has compiled, to tell when tiered compilation has settled.
/// The server is up when a line of its standard output contains <paramref name="ListeningMarker"/>
/// followed by its base address (ASP.NET Core's log says "Now listening on: http://...").
/// </summary>
internal sealed record ServerSpec(string Name, string Program, string[] Arguments, Dictionary<string, string> Environment,
    string? WorkingDirectory = null, string? JitPath = null, string ListeningMarker = "listening on ");

/// <summary>A server started for a measurement, optionally pinned to some cores, and stopped with its children.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServerProcess(Process process, string url) => (this.process, Url) = (process, url);

    /// <summary>The server's base address (http://127.0.0.1:PORT).</summary>
    public string Url { get; }

    public int Pid => process.Id;

    public static async Task<ServerProcess> StartAsync(ServerSpec spec, string? cpus)
    {
        // taskset executes the server in its own process, so the pid is the server's.
        var start = new ProcessStartInfo(cpus is null ? spec.Program : "taskset")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        if (cpus is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(cpus);
            start.ArgumentList.Add(spec.Program);
        }
        foreach (var argument in spec.Arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in spec.Environment) start.Environment[name] = value;

        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            var at = e.Data?.IndexOf(spec.ListeningMarker, StringComparison.Ordinal) ?? -1;
            if (at >= 0) listening.TrySetResult(e.Data![(at + spec.ListeningMarker.Length)..].Trim());
        };
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"{spec.Name} exited: {errors}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new ServerProcess(process, url.TrimEnd('/'));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
