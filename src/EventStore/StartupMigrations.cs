using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Es.EventStore;

/// <summary>
/// The schema migrations a host runs at start-up and which of them have finished: a node is ready
/// to serve only once every one has (the readiness check reads this). Each <c>AddXxx</c> that
/// migrates expects its step when it is registered, and its hosted service completes it.
/// </summary>
public sealed class StartupMigrations
{
    private readonly ConcurrentDictionary<string, bool> _steps = new();

    public void Expect(string step) => _steps.TryAdd(step, false);

    public void Complete(string step) => _steps[step] = true;

    /// <summary>Every expected step and whether it has finished, by name.</summary>
    public IReadOnlyDictionary<string, bool> Steps => new SortedDictionary<string, bool>(_steps, StringComparer.Ordinal);

    public IReadOnlyList<string> Pending => [.. Steps.Where(s => !s.Value).Select(s => s.Key)];

    /// <summary>The host's one instance, added to the services on first use.</summary>
    public static StartupMigrations In(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(StartupMigrations))?.ImplementationInstance is StartupMigrations existing)
            return existing;
        var created = new StartupMigrations();
        services.AddSingleton(created);
        return created;
    }
}
