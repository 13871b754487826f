using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Es.Api.Tests.Activity;

/// <summary>
/// The host on a clock the test moves (forward only), so actions land on chosen Seoul days. Access
/// tokens are issued on that clock, so they are checked against it too; one issued days earlier on
/// it stays valid, since this host tests analytics over weeks, not session lifetimes.
/// </summary>
public sealed class ActivityHost : ApiHost
{
    public static readonly TimeSpan Seoul = TimeSpan.FromHours(9);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero));

    protected override void Configure(IWebHostBuilder web) => web.ConfigureTestServices(services =>
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = Clock.GetUtcNow().UtcDateTime;
                return notBefore is null || notBefore <= now.AddSeconds(30);
            });
    });

    private Task<object>? _community;

    /// <summary>Builds a test class's community once; its tests run one after another on this host.</summary>
    public async Task<T> CommunityAsync<T>(Func<Task<T>> build) where T : class =>
        (T)await (_community ??= Task.Run(async () => (object)await build()));

    /// <summary>Sets the clock to <paramref name="hour"/>:00 Seoul time on <paramref name="day"/>.</summary>
    public void At(DateOnly day, int hour, int minute = 0)
    {
        var t = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), Seoul);
        Assert.True(t >= Clock.GetUtcNow(), "the test clock only moves forward");
        Clock.SetUtcNow(t.ToUniversalTime());
    }

    /// <summary>Waits until the activity projection has applied everything in the log.</summary>
    public Task WaitForActivityAsync() => WaitForAsync("activity");

    public async Task<string> AdministratorTokenAsync(string handle)
    {
        var admin = await SignUpAsync(handle);
        await Host.Services.GetRequiredService<Es.Api.Accounts.AccountStore>().SetRolesAsync(Guid.Parse(admin.Id), [Es.Api.Schema.EsRoles.Administrator], default);
        return (await DataAsync($$"""mutation { signIn(email: "{{handle}}@test.es", password: "correct horse battery") { accessToken } }"""))
            .GetProperty("signIn").GetProperty("accessToken").GetString()!;
    }

    public async Task<string> PublishAsync(Member author, string region = "Seoul Mapo") =>
        (await DataAsync("mutation($input: PublishPostInput!) { publishPost(input: $input) { id } }",
            new { input = new { title = "A walk", body = "Along the river", region } }, author.AccessToken))
        .GetProperty("publishPost").GetProperty("id").GetString()!;

    public Task CommentAsync(Member author, string postId) =>
        DataAsync("mutation($id: ID!) { addComment(postId: $id, body: \"Nice\") { id } }", new { id = postId }, author.AccessToken);

    public Task LikeAsync(Member member, string postId) =>
        DataAsync("mutation($id: ID!) { likePost(postId: $id) { id } }", new { id = postId }, member.AccessToken);

    public async Task<string> ScheduleAsync(Member host, DateTimeOffset startsAt, int capacity = 10) =>
        (await DataAsync("mutation($input: ScheduleMeetupInput!) { scheduleMeetup(input: $input) { id } }",
            new { input = new { title = "Walk", region = "Seoul Mapo", place = "Gate", startsAt, capacity } }, host.AccessToken))
        .GetProperty("scheduleMeetup").GetProperty("id").GetString()!;

    public Task JoinAsync(Member member, string meetupId) =>
        DataAsync("mutation($id: ID!) { joinMeetup(meetupId: $id) { id } }", new { id = meetupId }, member.AccessToken);

    public async Task<string> StartConversationAsync(Member from, Member to) =>
        (await DataAsync("mutation($with: ID!) { startConversation(with: $with) { id } }", new { with = to.Id }, from.AccessToken))
        .GetProperty("startConversation").GetProperty("id").GetString()!;

    public Task SendMessageAsync(Member from, string conversationId) =>
        DataAsync("mutation($id: ID!) { sendMessage(conversationId: $id, body: \"hi\") { id } }", new { id = conversationId }, from.AccessToken);

    public async Task<bool> RecordVisitAsync(Member member) =>
        (await DataAsync("mutation { recordVisit }", token: member.AccessToken)).GetProperty("recordVisit").GetBoolean();

    public static JsonElement[] Rows(JsonElement data, string field) => [.. data.GetProperty(field).EnumerateArray()];
}
