using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Es.Api.Tests.Trends;

/// <summary>
/// The host with a clock the test moves, so events land on chosen days. It starts at the real
/// time and only goes forward: access tokens are issued and checked with it.
/// </summary>
public class ClockedApiHost : ApiHost
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void Configure(IWebHostBuilder web)
    {
        ConfigureMore(web);
        web.ConfigureTestServices(ConfigureClock);
    }

    /// <summary>Settings of a derived fixture, before the clock is put in.</summary>
    protected virtual void ConfigureMore(IWebHostBuilder web) { }

    private void ConfigureClock(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        // JwtBearer checks a token's lifetime against the machine's clock; the host issues it by
        // this one, so the check must read this one too.
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = Clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now.AddSeconds(30)) && (expires is null || expires > now.AddSeconds(-30));
            });
    }

    /// <summary>A fresh access token at the clock's time (the one from sign-up expires as the clock moves on).</summary>
    public async Task<string> SignInAsync(string handle) =>
        (await DataAsync("mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { accessToken } }",
            new { email = $"{handle}@test.es", password = "correct horse battery" })).GetProperty("signIn").GetProperty("accessToken").GetString()!;

    /// <summary>Rebuilds a projection beside the served build and waits until the new build is current and caught up.</summary>
    public async Task RebuildAsync(string projection)
    {
        var catalog = Host.Services.GetRequiredService<Es.Projections.ProjectionCatalog>();
        var generation = await catalog.RebuildAsync(projection);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await catalog.GetStatusAsync(projection)).Any(s => s.Generation == generation && s.IsCurrent && (s.State == Es.Projections.ProjectionState.Running)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the rebuild of {projection} was not swapped in");
            await Task.Delay(50);
        }
        await WaitForAsync(projection);
    }
}
