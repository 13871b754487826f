using Es.Api.Members;
using Es.Api.Schema;
using Es.Domain;
using Es.GraphQL.Types;
using Es.Projections.Activity;

namespace Es.Api.Activity;

/// <summary>
/// Member of the week (public: it is made of public acts), returning members and feature usage
/// (administrators: they describe the whole community's habits), and recordVisit. See docs/analytics.md.
/// </summary>
public static class ActivitySchema
{
    public const int MaxFirst = 100;

    public static void Add(SchemaBuilder builder) => builder
        .Enum("ActivityKind", e => e
            .Description("A kind of scored activity.")
            .Value("POST", value: ActivityKinds.Post).Value("COMMENT", value: ActivityKinds.Comment)
            .Value("LIKE_GIVEN", value: ActivityKinds.LikeGiven).Value("LIKE_RECEIVED", value: ActivityKinds.LikeReceived)
            .Value("MEETUP_HOSTED", value: ActivityKinds.MeetupHosted).Value("MEETUP_JOINED", value: ActivityKinds.MeetupJoined)
            .Value("MESSAGE_SENT", value: ActivityKinds.MessageSent))
        .Enum("Feature", e => e
            .Value("POST", value: "post").Value("COMMENT", value: "comment").Value("LIKE", value: "like")
            .Value("MEETUP", value: "meetup").Value("CHAT", value: "chat").Value("VOTE", value: "vote"))
        .Object<WeeklyEntry>("MemberOfTheWeek", o => o
            .Description("One place in a week's ranking, with why the member is there.")
            .Field("rank", "Int!", e => e.Rank)
            .Field("member", "Member", f => f.ResolveAsync((e, ctx) => ctx.LoadMember(e.MemberId)))
            .Field("score", "Float!", e => (double)e.Score, "The sum of the breakdown's points.")
            .Field("activeDays", "Int!", e => e.ActiveDays, "Distinct days of the week with an action of theirs: the first tie-break.")
            .Field("firstActionAt", "DateTime", e => e.FirstActionAt, "Their first action of the week: the second tie-break, earlier first.")
            .Field("breakdown", "[ScoreLine!]!", e => e.Breakdown))
        .Object<ScoreLine>("ScoreLine", o => o
            .Description("One kind of activity in a weekly score: points = counted × weight, counted = min(count, cap).")
            .Field("kind", "ActivityKind!", l => l.Kind)
            .Field("count", "Int!", l => l.Count, "Actions of this kind that week.")
            .Field("counted", "Int!", l => l.Counted, "The count after the weekly cap.")
            .Field("cap", "Int!", l => l.Cap)
            .Field("weight", "Float!", l => (double)l.Weight)
            .Field("points", "Float!", l => (double)l.Points))
        .Object<CohortRow>("ReturningCohort", o => o
            .Description("Members who signed up in one month, and how many of them were returning members in the month asked about.")
            .Field("signupMonth", "String!", c => c.SignupMonth, "YYYY-MM, Seoul time.")
            .Field("members", "Int!", c => c.Members)
            .Field("returning", "Int!", c => c.Returning, $"Active on at least {ActivityReads.ReturningDays} distinct days of the month.")
            .Field("share", "Float!", c => c.Share, "returning / members."))
        .Object<FeatureUsageRow>("FeatureUsage", o => o
            .Description("How many returning members, and how many other members, used a feature in the month.")
            .Field("feature", "Feature!", u => u.Feature)
            .Field("returningShare", "Float!", u => u.ReturningShare, "Returning members who used it / returning members (0 when there are none).")
            .Field("otherShare", "Float!", u => u.OtherShare, "Other members (signed up by the month's end) who used it / other members.")
            .Field("ratio", "Float", u => u.Ratio, "returningShare / otherShare; null when otherShare is 0."))
        .Query(q => q
            .Field("membersOfTheWeek", "[MemberOfTheWeek!]!", f => f
                .Description("The members with the highest activity score in an ISO week (Seoul time), best first. Public. Scoring: docs/analytics.md.")
                .Argument("week", "String", description: "An ISO week such as \"2026-W49\"; the current one when omitted.")
                .Argument("region", "String", description: "Only members whose region (now) is this; everyone when omitted.")
                .Argument("first", "Int", 10, $"At most {MaxFirst}.")
                .ResolveAsync((_, ctx) =>
                {
                    var week = ctx.Arguments.GetOrDefault<string?>("week", null);
                    DateOnly monday;
                    if (week is null) monday = CommunityCalendar.WeekStart(CommunityCalendar.DayOf(ctx.Service<TimeProvider>().GetUtcNow()));
                    else if (!CommunityCalendar.TryParseIsoWeek(week, out monday))
                        throw ApiErrors.Validation("WEEK_FORMAT", "A week is an ISO week such as 2026-W49.", "week");
                    var first = ctx.Arguments.Get<int>("first");
                    if (first is < 1 or > MaxFirst) throw ApiErrors.Validation("FIRST_OUT_OF_RANGE", $"first must be 1 to {MaxFirst}.", "first");
                    return ctx.Service<ActivityReads>().MembersOfTheWeekAsync(monday, ctx.Arguments.GetOrDefault<string?>("region", null), first, ctx.CancellationToken);
                }))
            .Field("returningMembers", "[ReturningCohort!]!", f => f
                .Description($"Administrators: by sign-up month, the members active on at least {ActivityReads.ReturningDays} distinct days of the month (an action or a recorded visit).")
                .Argument("month", "String!", description: "YYYY-MM, Seoul time.")
                .ResolveAsync((_, ctx) => ctx.Service<ActivityReads>().CohortsAsync(AdministratorsMonth(ctx), ctx.CancellationToken)))
            .Field("featureUsage", "[FeatureUsage!]!", f => f
                .Description("Administrators: for each feature, the share of returning and of other members who used it in the month.")
                .Argument("month", "String!", description: "YYYY-MM, Seoul time.")
                .ResolveAsync((_, ctx) => ctx.Service<ActivityReads>().FeatureUsageAsync(AdministratorsMonth(ctx), ctx.CancellationToken))))
        .Mutation(m => m
            .Field("recordVisit", "Boolean!", f => f
                .Description("Your app reports that you opened it. The first visit of a day (Seoul time) is recorded; true when this one was.")
                .ResolveAsync(async (_, ctx) =>
                {
                    var me = MembersSchema.RequireMember(ctx);
                    var result = await ctx.Service<CommandSender>().SendAsync(ctx, new RecordVisit(me));
                    return result.Events.Count > 0;
                })));

    private static DateOnly AdministratorsMonth(ResolveFieldContext ctx)
    {
        var caller = ctx.Caller();
        if (!caller.IsMember) throw ApiErrors.Unauthenticated("Sign in as an administrator to read community analytics.");
        if (!caller.IsAdministrator) throw ApiErrors.Forbidden("ADMINISTRATOR_ONLY", "Only administrators read community analytics.");
        return CommunityCalendar.TryParseMonth(ctx.Arguments.Get<string>("month"), out var month)
            ? month
            : throw ApiErrors.Validation("MONTH_FORMAT", "A month is written YYYY-MM, such as 2026-11.", "month");
    }
}
