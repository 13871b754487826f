using Es.Domain;
using Es.Projections;
using Es.Projections.Activity;
using Es.Projections.Chat;
using Es.Projections.Commerce;
using Es.Projections.Meetups;
using Es.Projections.Network;
using Es.Projections.Members;
using Es.Projections.Polls;
using Es.Projections.Posts;
using Es.Projections.Regions;
using Es.Projections.Samples;
using Es.Projections.Trends;

namespace Es.Api;

/// <summary>The read models this host builds. Each is a projection the daemon keeps current.</summary>
public static class EsProjections
{
    public static void Register(ProjectionRegistry registry)
    {
        // How many events of each type the log holds: the operators' first look at the data.
        registry.Add(new EventCountProjection("event_counts", DomainEvents.All.Select(e => e.Name)));
        registry.Add(new MemberProjection());
        registry.Add(new FeedProjection());
        registry.Add(new MeetupProjection());
        registry.Add(new PollProjection());
        registry.Add(new ChatProjection());
        // Analytics: not served, so a mutation does not wait for them.
        registry.Add(new ActivityProjection());
        registry.Add(new TrendsProjection());
        registry.Add(new RegionProjection());
        registry.Add(new NetworkProjection());
        registry.Add(new Es.Projections.Commerce.SalesSearchProjection());
        registry.Add(new Es.Projections.Customers.CustomerSpendProjection());
        registry.Add(new Es.Projections.Commerce.AverageTicketProjection());
        registry.Add(new Es.Projections.Commerce.RestaurantPerformanceProjection());
        registry.Add(Anomalies ?? new AnomalyProjection(new AnomalyOptions(), 1));
        registry.Add(new MerchantDirectoryProjection());
    }

    private static readonly AsyncLocal<AnomalyProjection?> AnomaliesOfThisHost = new();
    /// <summary>
    /// The anomaly flags with this host's rule set (Es:Anomalies) at the version PostgreSQL gave it
    /// (<see cref="AnomalyRuleVersions"/>); Program sets it before the projections are registered.
    /// Async-local, so hosts built side by side in one process (tests) each keep their own.
    /// </summary>
    public static AnomalyProjection? Anomalies
    {
        get => AnomaliesOfThisHost.Value;
        set => AnomaliesOfThisHost.Value = value;
    }

    /// <summary>The read models the GraphQL API serves: a mutation answers once they have applied its events.</summary>
    public static readonly IReadOnlyList<string> Served = ["members", "feed", "meetups", "polls", "chat"];
}
