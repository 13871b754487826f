using Microsoft.AspNetCore.Hosting.Server;
using Es.Api.Accounts;
using Es.Api.Schema;
using Es.Commands;
using Es.Domain;
using Es.Projections;

namespace Es.Api.Demo;

/// <summary>
/// Deterministic demo data for the embedded default (<c>--demo</c>): members in a few regions, with
/// a verified professional and an administrator; posts with tags, comments and likes; meetups in
/// every region (two full, one cancelled, one that members left); polls (open ones with votes and a
/// changed vote, one closed early by its opener); 1:1 conversations, some read, some unread by the
/// demo account. Every fact is sent through the command pipeline as the member who acts, so the log
/// looks like real use. Meetups and polls are dated from the moment of seeding (days ahead at fixed
/// local hours), so they are upcoming on every fresh start. It runs only on an empty database (no
/// demo account yet), so a restart keeps what is there.
/// </summary>
public sealed class DemoData(
    SignIn signIn, AccountStore accounts, CommandPipeline pipeline, ProjectionPositions positions, TimeProvider clock, ILogger<DemoData> log,
    DemoKafka kafka)
{
    public const string Password = "walk-together-2026";
    public const string DemoEmail = "minji@demo.es";
    public static readonly string[] Regions = ["Seoul Mapo", "Seoul Gangnam", "Busan Haeundae"];

    /// <summary>The demo's local time: meetups start at their local hour in Korea.</summary>
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);

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
        ("seojun", "Oh Seojun", "Seoul Gangnam", 1957, ["hypertension"]),
        ("mira", "Shin Mira", "Seoul Gangnam", 1966, ["osteoporosis"]),
        ("dongha", "Bae Dongha", "Busan Haeundae", 1953, ["arthritis", "diabetes"]),
        ("yuna", "Seo Yuna", "Busan Haeundae", 1959, ["heart-health"]),
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

    /// <summary>In the host's region, <paramref name="InDays"/> days after the seeding day at a local hour. The host takes the first seat.</summary>
    private sealed record MeetupPlan(
        string Host, string Title, string Place, int InDays, int Hour, int Minute, int Capacity,
        string[] Joiners, string[]? Leavers = null, string? CancelReason = null);

    private static readonly MeetupPlan[] Meetups =
    [
        new("minji", "Saturday walk along the Han river", "Mangwon Hangang Park, exit 1 of Mangwon station", 2, 7, 0, 12,
            ["junho", "soyeon", "dr_choi"]),
        new("junho", "Gentle stretching for stiff knees", "Mapo community centre, room 2", 4, 10, 0, 4,
            ["minji", "soyeon", "dr_choi"]), // full
        new("dr_choi", "Ask a doctor: glucose readings over tea", "Hapjeong library café", 6, 15, 0, 10,
            ["minji", "junho", "soyeon"], Leavers: ["junho", "soyeon"]),
        new("soyeon", "Market walk and low-sugar cooking", "Mangwon market, main gate", 9, 11, 0, 6,
            ["minji", "junho"], CancelReason: "The market is closed for the holiday; we will pick a new date."),
        new("taeyang", "Yangjae stream morning walk", "Yangjae citizens' forest, north gate", 3, 7, 30, 8,
            ["hana", "seojun"]),
        new("hana", "Tai chi in Dogok park", "Dogok park, by the pavilion", 5, 9, 0, 3,
            ["mira", "taeyang"]), // full
        new("seojun", "Blood pressure check and a slow walk", "Gangnam health centre lobby", 8, 14, 0, 10,
            ["taeyang", "mira", "hana"], Leavers: ["mira"]),
        new("woojin", "Haeundae beach walk at sunrise", "Haeundae beach, lifeguard tower 3", 1, 6, 30, 15,
            ["eunji", "dongha", "yuna"]),
        new("eunji", "Low-salt cooking class", "Haeundae-gu community kitchen", 7, 10, 30, 5,
            ["yuna", "woojin"]),
        new("dongha", "Dalmaji hill walk", "Dalmaji-gil, Haewoldeong pavilion", 10, 8, 0, 6,
            ["woojin"]),
    ];

    /// <summary>In the opener's region, closing at 20:00 local time <paramref name="ClosesInDays"/> days after the seeding day.</summary>
    private sealed record PollPlan(
        string Opener, string Question, string[] Options, int ClosesInDays,
        (string Voter, int Option)[] Votes, (string Voter, int Option)[]? ChangedVotes = null, bool ClosedEarly = false);

    private static readonly PollPlan[] Polls =
    [
        new("minji", "Which day suits the river walk best?", ["Tuesday", "Thursday", "Saturday"], 10,
            [("minji", 2), ("junho", 2), ("soyeon", 0), ("dr_choi", 1)], ChangedVotes: [("soyeon", 2)]),
        new("junho", "Should the community centre add a morning tai chi class?", ["Yes", "No", "Only in winter"], 14,
            [("minji", 0), ("soyeon", 0), ("dr_choi", 2), ("junho", 0)], ClosedEarly: true),
        new("taeyang", "A bench every 300 m along Yangjae stream?", ["Yes", "No"], 21,
            [("taeyang", 0), ("hana", 0), ("seojun", 1), ("mira", 0)]),
        new("eunji", "Move the winter beach walk to a later hour?", ["Keep 6:30", "8:00", "8:30"], 7,
            [("eunji", 1), ("woojin", 0), ("dongha", 1), ("yuna", 2)], ChangedVotes: [("woojin", 1)]),
    ];

    /// <summary>A 1:1 chat: its messages in order, and how far each participant has read (1-based message number).</summary>
    private sealed record ChatPlan(string Starter, string With, (string Sender, string Body)[] Messages, (string Reader, int UpTo)[] Reads);

    private static readonly ChatPlan[] Chats =
    [
        new("minji", "dr_choi",
        [
            ("minji", "Doctor Choi, my fasting reading was 135 this morning. Should I worry?"),
            ("dr_choi", "One reading is not a trend. Write it down at the same time each morning for a week."),
            ("minji", "I will. Before breakfast or after?"),
            ("dr_choi", "Before breakfast, and before any coffee."),
            ("dr_choi", "Bring your notes to the tea on Thursday and we will look at them together."),
        ], [("dr_choi", 3), ("minji", 2)]),
        new("junho", "minji",
        [
            ("junho", "Are you coming to the stretching class?"),
            ("minji", "Yes! Save me a mat near the window."),
            ("junho", "Done. Bring water, the room gets warm."),
        ], [("minji", 3), ("junho", 2)]),
        new("taeyang", "minji",
        [
            ("taeyang", "Minji, your Han river post inspired our Yangjae group."),
            ("taeyang", "Would your group like to join us for a walk one Saturday?"),
        ], []),
        new("woojin", "eunji",
        [
            ("woojin", "Lovely class today, thank you."),
            ("eunji", "Thank you for coming. Next time: soup without soy sauce."),
            ("woojin", "I will bring my wife along."),
        ], [("eunji", 3), ("woojin", 2)]),
    ];

    /// <summary>
    /// The commerce side of the demo: four weeks up to yesterday of card sales and delivery orders from
    /// the seeded generator (Es.Ingest.Generation), with its share of injected anomalies, so the
    /// commerce analytics and the console have something to show.
    /// </summary>
    public static Es.Ingest.Generation.GeneratorOptions Commerce(DateOnly today) => new()
    {
        Seed = 2026, Days = 28, Start = today.AddDays(-29), Merchants = 12, Restaurants = 8, Customers = 800,
        SalesPerDay = 250, OrdersPerDay = 60, AnomalyShare = 0.01,
    };

    /// <summary>What a fresh seed writes, for the start-up banner.</summary>
    public static string Summary =>
        $"{People.Length} members in {Regions.Length} regions, {Posts.Length} posts, {Meetups.Length} meetups, {Polls.Length} polls, {Chats.Length} conversations; "
        + "four weeks of card sales and delivery orders from 12 merchants and 8 restaurants";

    /// <summary>Seeds an empty database; true when it wrote the data, false when the demo account was there already.</summary>
    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        if (await accounts.FindByEmailAsync(DemoEmail, ct) is not null)
        {
            log.LogInformation("Demo data is there already; sign in as {Email} / {Password}.", DemoEmail, Password);
            return false;
        }
        var ids = new List<Guid>();
        foreach (var p in People)
        {
            var session = await signIn.SignUpAsync(new SignUpInput($"{p.Handle.Replace('_', '.')}@demo.es", Password, p.Handle, p.Name, p.Region, p.Born, p.Conditions), "demo", ct);
            ids.Add(session.MemberId);
        }
        var member = People.Select((p, i) => (p.Handle, Id: ids[i])).ToDictionary(x => x.Handle, x => x.Id);
        var region = People.ToDictionary(p => p.Handle, p => p.Region);
        var admin = ids[4];
        await accounts.SetRolesAsync(admin, [EsRoles.Administrator], ct);
        var last = 0L;
        async Task SendAsync(Command command, Actor actor)
        {
            // Straight through the pipeline, not waiting for the read models after each command: the
            // seed waits once, at the end, so a fresh start takes seconds.
            var result = await pipeline.SendAsync(command, new CommandContext(actor, "demo"), ct);
            if (!result.Succeeded)
                throw new InvalidOperationException($"Demo data: {command.GetType().Name} was refused: {string.Join("; ", result.Rejections.Select(r => $"{r.Reason} {r.Message}"))}");
            last = Math.Max(last, result.LastSequence);
        }
        Task As(string handle, Command command) => SendAsync(command, Actor.Member(member[handle]));

        await SendAsync(new RequestProfessionalVerification(ids[3], "Endocrinologist", "licence KMA-2009-1182"), Actor.Member(ids[3]));
        await SendAsync(new ApproveProfessionalVerification(ids[3]), Actor.Administrator(admin));

        var postIds = new List<Guid>();
        for (var i = 0; i < Posts.Length; i++)
        {
            var (author, title, body, tags) = Posts[i];
            var postId = Guid.CreateVersion7();
            postIds.Add(postId);
            await SendAsync(new PublishPost(postId, title, body, People[author].Region, tags), Actor.Member(ids[author]));
        }
        // Likes: member j likes post i when (i + j) % 3 == 0 and j is not the author; a comment on every other post.
        // Only the first nine members take part, so the likes and comments stay as they were before the demo grew.
        for (var i = 0; i < postIds.Count; i++)
        {
            for (var j = 0; j < 9; j++)
                if ((i + j) % 3 == 0 && j != Posts[i].Author && j != 4)
                    await SendAsync(new LikePost(postIds[i]), Actor.Member(ids[j]));
            if (i % 2 == 0)
                await SendAsync(new AddComment(postIds[i], Guid.CreateVersion7(), "Thank you for sharing this!"), Actor.Member(ids[(i + 1) % 4]));
        }

        var today = clock.GetUtcNow().ToOffset(Kst).Date;
        // Stored at UTC, as every instant in the log (the read models' timestamptz columns take UTC only).
        DateTimeOffset LocalTime(int inDays, int hour, int minute) =>
            new DateTimeOffset(today.AddDays(inDays).AddHours(hour).AddMinutes(minute), Kst).ToUniversalTime();

        foreach (var m in Meetups)
        {
            var meetupId = Guid.CreateVersion7();
            await As(m.Host, new ScheduleMeetup(meetupId, m.Title, region[m.Host], m.Place, LocalTime(m.InDays, m.Hour, m.Minute), m.Capacity));
            foreach (var joiner in m.Joiners) await As(joiner, new JoinMeetup(meetupId));
            foreach (var leaver in m.Leavers ?? []) await As(leaver, new LeaveMeetup(meetupId));
            if (m.CancelReason is { } reason) await As(m.Host, new CancelMeetup(meetupId, reason));
        }

        foreach (var p in Polls)
        {
            var pollId = Guid.CreateVersion7();
            await As(p.Opener, new OpenPoll(pollId, region[p.Opener], p.Question, p.Options, LocalTime(p.ClosesInDays, 20, 0)));
            foreach (var (voter, option) in p.Votes) await As(voter, new CastVote(pollId, option));
            foreach (var (voter, option) in p.ChangedVotes ?? []) await As(voter, new CastVote(pollId, option));
            if (p.ClosedEarly) await As(p.Opener, new ClosePoll(pollId));
        }

        foreach (var c in Chats)
        {
            var conversationId = Conversation.IdFor(member[c.Starter], member[c.With]);
            await As(c.Starter, new StartConversation(member[c.With]));
            var messageIds = new List<Guid>();
            foreach (var (sender, body) in c.Messages)
            {
                messageIds.Add(Guid.CreateVersion7());
                await As(sender, new SendMessage(conversationId, messageIds[^1], body));
            }
            foreach (var (reader, upTo) in c.Reads) await As(reader, new MarkRead(conversationId, messageIds[upTo - 1]));
        }

        // Commerce: the generator's commands through the batched pipeline, as ingest sends them.
        // Refunds, deliveries and ratings of the last days would lie in the future: the log stops at now
        // (each fact follows the facts it needs, so cutting at an instant keeps the rest whole).
        var now = clock.GetUtcNow();
        var generated = new Es.Ingest.Generation.CommerceGenerator(Commerce(DateOnly.FromDateTime(now.UtcDateTime))).Generate()
            .TakeWhile(g => g.At <= now)
            .Select((g, i) => (g.Command, Context: new CommandContext(Actor.System("demo:commerce"), "demo") { IdempotencyKey = $"demo:commerce#{i}" }));
        foreach (var batch in generated.Chunk(1_000))
        {
            var results = await pipeline.SendManyAsync(batch, ct);
            if (results.FirstOrDefault(r => !r.Succeeded) is { } refused)
                throw new InvalidOperationException($"Demo data: a generated command was refused: {string.Join("; ", refused.Rejections.Select(r => $"{r.Reason} {r.Message}"))}");
        }

        // Through Kafka, when ingest runs on the embedded cluster: a sale, and the dead letters Operations shows.
        var produced = await kafka.ProduceAsync(now, ct);

        // The read models the API serves have applied all of it before anyone is told to sign in.
        if (!await positions.WaitForAsync(EsProjections.Served, last, TimeSpan.FromSeconds(30), ct))
            log.LogWarning("Demo data is stored, but the read models have not caught up yet (a projection paused or failed?).");
        if (produced && !await kafka.WaitForDeadLettersAsync(TimeSpan.FromSeconds(60), ct))
            log.LogWarning("Demo data: ingest has not dead-lettered the demo's {Count} bad messages yet.", DemoKafka.DeadLetters);
        log.LogInformation("Demo data written: {Summary}. Sign in as {Email} / {Password}.", Summary, DemoEmail, Password);
        return true;
    }
}

public static class DemoDataServiceCollectionExtensions
{
    /// <summary>What scripts/start passes: fill an empty database with the demo data once the host has started.</summary>
    public const string DemoFlag = "--demo";

    /// <summary>With <c>--demo</c> (what scripts/start passes), fills an empty database with the demo data once the host has started.</summary>
    public static IServiceCollection AddDemoData(this IServiceCollection services, IConfiguration configuration, string[] args)
    {
        services.AddSingleton<DemoData>();
        services.AddSingleton<DemoKafka>();
        if (args.Contains(DemoFlag)) services.AddHostedService<DemoSeeder>();
        return services;
    }

    /// <summary>
    /// The host's arguments without Es's own switches. ASP.NET Core's command-line configuration reads
    /// a switch without a value as the key of the argument after it, so <c>--demo --urls URL</c> would
    /// lose the URL: the host adds these arguments again, so <c>--urls</c> and the like hold wherever
    /// the switches stand.
    /// </summary>
    public static string[] WithoutEsSwitches(string[] args) =>
        args.Where(a => a != DemoFlag && a != DemoReset.Flag && !a.StartsWith(DemoReset.ConfirmFlag + "=", StringComparison.Ordinal)).ToArray();

    private sealed class DemoSeeder(DemoData demo, IHostApplicationLifetime lifetime, IServer server, ILogger<DemoData> log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken ct)
        {
            var started = new TaskCompletionSource();
            using var _ = lifetime.ApplicationStarted.Register(started.SetResult);
            await started.Task.WaitAsync(ct);
            var seeded = await demo.SeedAsync(ct);
            var address = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
            var data = seeded ? $"seeded just now ({DemoData.Summary})" : "already there, kept (scripts/start --reset starts afresh)";
            Console.WriteLine($$"""

                Es is running.
                  Demo data:  {{data}}
                  GraphiQL:   {{address}}/graphql
                  Console:    {{address}}/console
                  Sign in:    {{DemoData.DemoEmail}} / {{DemoData.Password}}
                              mutation { signIn(email: "{{DemoData.DemoEmail}}", password: "{{DemoData.Password}}") { accessToken } }
                              then send the header  Authorization: Bearer <accessToken>
                  Health:     {{address}}/health

                """);
            log.LogInformation("GraphiQL at {Address}/graphql", address);
        }
    }
}
