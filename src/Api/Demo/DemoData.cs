using Microsoft.AspNetCore.Hosting.Server;
using Es.Api.Accounts;
using Es.Api.Schema;
using Es.Commands;
using Es.Domain;

namespace Es.Api.Demo;

/// <summary>
/// Deterministic demo data for the embedded default (<c>--demo</c>): members in a few regions, with
/// a verified professional and an administrator, posts with tags, comments and likes — every one
/// of them sent through the command pipeline as the member who acts, so the log looks like real use.
/// It runs only on an empty database (no accounts yet), so a restart keeps what is there.
/// </summary>
public sealed class DemoData(SignIn signIn, AccountStore accounts, CommandSender commands, ILogger<DemoData> log)
{
    public const string Password = "walk-together-2026";
    public const string DemoEmail = "minji@demo.es";
    public static readonly string[] Regions = ["Seoul Mapo", "Seoul Gangnam", "Busan Haeundae"];

    private static readonly (string Handle, string Name, string Region, int Born, string[] Conditions)[] People =
    [
        ("minji", "Kim Minji", "Seoul Mapo", 1958, ["diabetes", "hypertension"]),
        ("junho", "Lee Junho", "Seoul Mapo", 1951, ["arthritis"]),
        ("soyeon", "Park Soyeon", "Seoul Mapo", 1964, ["diabetes"]),
        ("dr_choi", "Dr. Choi Hyun", "Seoul Mapo", 1975, ["diabetes", "nutrition"]),
        ("admin", "Es administrator", "Seoul Mapo", 1980, []),
        ("taeyang", "Jung Taeyang", "Seoul Gangnam", 1949, ["hypertension", "heart-health"]),
        ("hana", "Han Hana", "Seoul Gangnam", 1960, ["arthritis", "osteoporosis"]),
        ("woojin", "Kang Woojin", "Busan Haeundae", 1955, ["diabetes"]),
        ("eunji", "Yoon Eunji", "Busan Haeundae", 1962, ["hypertension"]),
    ];

    private static readonly (int Author, string Title, string Body, string[] Tags)[] Posts =
    [
        (0, "Morning walk along the Han river", "We walked 5 km this morning. Anyone joining on Saturday? #walking", ["walking", "diabetes"]),
        (1, "Knee pain on the stairs", "Which exercises helped your knees? My doctor suggested swimming.", ["arthritis", "exercise"]),
        (3, "Reading your glucose numbers", "A short guide to what fasting and after-meal readings mean, and when to call your doctor.", ["diabetes", "guide"]),
        (2, "Low-sugar lunch ideas", "Barley rice, grilled mackerel and lots of namul. Share yours!", ["diabetes", "nutrition"]),
        (5, "Blood pressure in winter", "Mine goes up when it gets cold. Dress warmly before your walk.", ["hypertension", "winter"]),
        (6, "Tai chi at the community centre", "Tuesdays at 10. Gentle on the joints. #taichi", ["arthritis", "exercise"]),
        (7, "Beach walk group", "Haeundae beach at 7am, every weekday. Flat and easy.", ["walking"]),
        (8, "Less salt, same taste", "Lemon and garlic instead of soy sauce: my readings came down in a month.", ["hypertension", "nutrition"]),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await accounts.FindByEmailAsync(DemoEmail, ct) is not null)
        {
            log.LogInformation("Demo data is there already; sign in as {Email} / {Password}.", DemoEmail, Password);
            return;
        }
        var ids = new List<Guid>();
        foreach (var p in People)
        {
            var session = await signIn.SignUpAsync(new SignUpInput($"{p.Handle.Replace('_', '.')}@demo.es", Password, p.Handle, p.Name, p.Region, p.Born, p.Conditions), "demo", ct);
            ids.Add(session.MemberId);
        }
        var admin = ids[4];
        await accounts.SetRolesAsync(admin, [EsRoles.Administrator], ct);
        await SendAsync(new RequestProfessionalVerification(ids[3], "Endocrinologist", "licence KMA-2009-1182"), Actor.Member(ids[3]), ct);
        await SendAsync(new ApproveProfessionalVerification(ids[3]), Actor.Administrator(admin), ct);

        var postIds = new List<Guid>();
        for (var i = 0; i < Posts.Length; i++)
        {
            var (author, title, body, tags) = Posts[i];
            var postId = Guid.CreateVersion7();
            postIds.Add(postId);
            await SendAsync(new PublishPost(postId, title, body, People[author].Region, tags), Actor.Member(ids[author]), ct);
        }
        // Likes: member j likes post i when (i + j) % 3 == 0 and j is not the author; a comment on every other post.
        for (var i = 0; i < postIds.Count; i++)
        {
            for (var j = 0; j < ids.Count; j++)
                if ((i + j) % 3 == 0 && j != Posts[i].Author && j != 4)
                    await SendAsync(new LikePost(postIds[i]), Actor.Member(ids[j]), ct);
            if (i % 2 == 0)
                await SendAsync(new AddComment(postIds[i], Guid.CreateVersion7(), "Thank you for sharing this!"), Actor.Member(ids[(i + 1) % 4]), ct);
        }
        log.LogInformation("Demo data written: {Members} members, {Posts} posts. Sign in as {Email} / {Password}.", ids.Count, postIds.Count, DemoEmail, Password);
    }

    private Task SendAsync(Command command, Actor actor, CancellationToken ct) =>
        commands.SendAsync(command, new CommandContext(actor, "demo"), ct);
}

public static class DemoDataServiceCollectionExtensions
{
    /// <summary>With <c>--demo</c> (what scripts/start passes), fills an empty database with the demo data once the host has started.</summary>
    public static IServiceCollection AddDemoData(this IServiceCollection services, IConfiguration configuration, string[] args)
    {
        services.AddSingleton<DemoData>();
        if (args.Contains("--demo")) services.AddHostedService<DemoSeeder>();
        return services;
    }

    private sealed class DemoSeeder(DemoData demo, IHostApplicationLifetime lifetime, IServer server, ILogger<DemoData> log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken ct)
        {
            var started = new TaskCompletionSource();
            using var _ = lifetime.ApplicationStarted.Register(started.SetResult);
            await started.Task.WaitAsync(ct);
            await demo.SeedAsync(ct);
            var address = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
            Console.WriteLine($"Es is running. GraphiQL: {address}/graphql — sign in with signIn(email: \"{DemoData.DemoEmail}\", password: \"{DemoData.Password}\").");
            log.LogInformation("GraphiQL at {Address}/graphql", address);
        }
    }
}
