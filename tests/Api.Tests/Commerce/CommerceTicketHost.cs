using Es.Api.Accounts;
using Es.Api.Schema;
using Es.Commands;
using Es.Domain;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Es.Api.Tests.Commerce;

/// <summary>The host, plus commerce facts sent through the command pipeline as an ingest source would, and tokens with roles.</summary>
public sealed class CommerceTicketHost : ApiHost
{
    private int _sources;

    /// <summary>Rebuilds a projection beside the served build and waits until the new build is current and caught up.</summary>
    public async Task RebuildAsync(string projection)
    {
        var catalog = Host.Services.GetRequiredService<Es.Projections.ProjectionCatalog>();
        var generation = await catalog.RebuildAsync(projection);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!(await catalog.GetStatusAsync(projection)).Any(s => s.Generation == generation && s.IsCurrent && s.State == Es.Projections.ProjectionState.Running))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the rebuild of {projection} was not swapped in");
            await Task.Delay(50);
        }
        await WaitForAsync(projection);
    }

    public async Task<string> SignInAsync(string handle) =>
        (await DataAsync("mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken } }",
            new { email = $"{handle}@test.es", password = "correct horse battery" })).GetProperty("signIn").GetProperty("accessToken").GetString()!;

    /// <summary>Sends a command as the ingest source; fails the test on a rejection.</summary>
    public async Task SendAsync(Command command)
    {
        var result = await Host.Services.GetRequiredService<CommandPipeline>()
            .SendAsync(command, new CommandContext(Actor.System("test:commerce"), "test"));
        Assert.True(result.Succeeded, $"{command.GetType().Name}: {string.Join("; ", result.Rejections.Select(r => r.Message))}");
    }

    /// <summary>A source id of its own for each fact (an order treats a repeated source id as a redelivery).</summary>
    public string Source() => $"test#{Interlocked.Increment(ref _sources)}";

    public async Task<string> TokenWithRoleAsync(string handle, string? role)
    {
        var member = await SignUpAsync(handle);
        if (role is not null)
            await Host.Services.GetRequiredService<AccountStore>().SetRolesAsync(Guid.Parse(member.Id), [role], default);
        return await SignInAsync(handle);
    }

    public Task<string> AdministratorAsync(string handle) => TokenWithRoleAsync(handle, EsRoles.Administrator);
}
