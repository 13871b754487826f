using System.Diagnostics;

namespace Es.Ingest.Tests.Kafka;

/// <summary>kcat (installed by scripts/setup) as an outside client: its own process, its own librdkafka.</summary>
internal static class Kcat
{
    public const string Path = "/usr/bin/kcat";

    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs kcat to its end, or kills it after <paramref name="timeout"/> and fails the test.</summary>
    public static async Task<Result> RunAsync(IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Path} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();

        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kcat {string.Join(' ', start.ArgumentList)} did not finish; stderr: {await error}");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
