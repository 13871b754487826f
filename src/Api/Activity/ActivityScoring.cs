using Es.Projections.Activity;

namespace Es.Api.Activity;

/// <summary>One kind of activity's part in the weekly score: points per action, and the most actions a week that count.</summary>
public sealed record ScoreRule(string Kind, decimal Weight, int WeeklyCap);

/// <summary>
/// Member of the week's score (docs/analytics.md): per ISO week, for each kind,
/// <c>min(count, cap) × weight</c>, summed. Applied when read, from the daily counts, so the table
/// can change without rebuilding the activity projection. Ties go to more distinct active days that
/// week, then to the earlier first action that week, then to the lower member id.
/// </summary>
public static class ActivityScoring
{
    public static readonly IReadOnlyList<ScoreRule> Rules =
    [
        new(ActivityKinds.Post, 5m, 10),
        new(ActivityKinds.Comment, 2m, 20),
        new(ActivityKinds.LikeGiven, 1m, 30),
        new(ActivityKinds.LikeReceived, 1m, 50),
        new(ActivityKinds.MeetupHosted, 8m, 3),
        new(ActivityKinds.MeetupJoined, 4m, 5),
        new(ActivityKinds.MessageSent, 0.5m, 40),
    ];

    /// <summary>The member's breakdown, one line per scored kind in the table's order, from their counts that week.</summary>
    public static IReadOnlyList<ScoreLine> Breakdown(IReadOnlyDictionary<string, int> counts) =>
        [.. Rules.Select(r =>
        {
            var count = counts.GetValueOrDefault(r.Kind);
            var counted = Math.Min(count, r.WeeklyCap);
            return new ScoreLine(r.Kind, count, counted, r.Weight, r.WeeklyCap, counted * r.Weight);
        })];
}

/// <summary>"Why am I here": <paramref name="Counted"/> is the count after the cap, <paramref name="Points"/> = counted × weight.</summary>
public sealed record ScoreLine(string Kind, int Count, int Counted, decimal Weight, int Cap, decimal Points);

/// <summary>The features whose use returning members are compared on, and the activity kinds that make a use.</summary>
public static class Features
{
    public static readonly IReadOnlyList<(string Feature, string[] Kinds)> All =
    [
        ("post", [ActivityKinds.Post]),
        ("comment", [ActivityKinds.Comment]),
        ("like", [ActivityKinds.LikeGiven]),
        ("meetup", [ActivityKinds.MeetupHosted, ActivityKinds.MeetupJoined]),
        ("chat", [ActivityKinds.MessageSent]),
        ("vote", [ActivityKinds.Vote]),
    ];
}
