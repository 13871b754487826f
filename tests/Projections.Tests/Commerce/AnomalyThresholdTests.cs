using Es.Ingest.Generation;
using Es.Projections.Commerce;

namespace Es.Projections.Tests.Commerce;

/// <summary>
/// Changing a threshold makes a new rule set, hence a new version of the projection: its flags are
/// built from the whole log beside the served ones, which are served until the swap.
/// </summary>
public sealed class AnomalyThresholdTests(CommerceDb db) : IClassFixture<CommerceDb>
{
    [Fact]
    public async Task A_changed_threshold_is_rebuilt_beside_the_served_flags_which_are_served_until_the_swap()
    {
        var options = new GeneratorOptions { Seed = 11, Days = 12, Merchants = 10, Restaurants = 3, Customers = 500, SalesPerDay = 400, OrdersPerDay = 60, AnomalyShare = 0.02 };
        await db.AppendAsync(new CommerceGenerator(options).Generate().Select(g => g.Command), bulk: true);

        var before = new AnomalyOptions();
        var v1 = await db.ProjectionAsync(before);
        Assert.Equal(1, v1.Version);
        var node1 = await db.StartNodeAsync(v1, node: "old-rules");
        await CommerceDb.WaitCaughtUpAsync(node1, TimeSpan.FromMinutes(3));
        await node1.StopAsync();
        var served = await db.FlagsAsync();

        // Looser amount rule, stricter delivery rule: a new rule set, so a new version.
        var after = new AnomalyOptions { AmountThreshold = 4, MaxDeliveryMinutes = 60 };
        var v2 = await db.ProjectionAsync(after);
        Assert.Equal(2, v2.Version);
        Assert.Equal(2, (await db.ProjectionAsync(new AnomalyOptions { AmountThreshold = 4, MaxDeliveryMinutes = 60 })).Version); // the same set keeps it

        var gate = new SemaphoreSlim(0);
        var hooked = new Hooked(v2) { Before = async (_, ct) => await gate.WaitAsync(ct) };
        await using var node2 = await db.StartNodeAsync(hooked, node: "new-rules");
        var building = (await node2.Catalog.GetStatusAsync(AnomalyProjection.ProjectionName)).Single(s => !s.IsCurrent);
        Assert.Equal(2, building.Version);
        Assert.Equal(ProjectionState.Rebuilding, building.State);
        Assert.Equal(served, await db.FlagsAsync(), FlagComparer.Instance);

        gate.Release(100_000);
        await EngineFixture.WaitUntilAsync(async () => (await node2.Catalog.GetStatusAsync(AnomalyProjection.ProjectionName)) is [{ Version: 2, IsCurrent: true }],
            TimeSpan.FromMinutes(3), "version 2 is current");
        var rebuilt = await db.FlagsAsync();

        // Every amount outlier of the old rules (z > 8) is one under the new (z > 4), with more besides, each above 4.
        string[] Of(IEnumerable<Flag> flags, string rule) => flags.Where(f => f.Rule == rule).Select(f => f.Subject).ToArray();
        var oldOutliers = Of(served, AnomalyProjection.Rules.AmountOutlier);
        var newOutliers = Of(rebuilt, AnomalyProjection.Rules.AmountOutlier);
        Assert.NotEmpty(oldOutliers);
        Assert.Subset(newOutliers.ToHashSet(), oldOutliers.ToHashSet());
        Assert.True(newOutliers.Length > oldOutliers.Length, $"{newOutliers.Length} outliers at z > 4, {oldOutliers.Length} at z > 8");
        Assert.All(rebuilt.Where(f => f.Rule == AnomalyProjection.Rules.AmountOutlier), f => Assert.True(f.Score > 4));
        // Deliveries over an hour are flagged now; none that took 60 minutes or less.
        Assert.True(Of(rebuilt, AnomalyProjection.Rules.ImplausibleDelivery).Length > Of(served, AnomalyProjection.Rules.ImplausibleDelivery).Length);
        Assert.All(rebuilt.Where(f => f.Rule == AnomalyProjection.Rules.ImplausibleDelivery && f.Reason.StartsWith("delivered", StringComparison.Ordinal) && f.Score > 5),
            f => Assert.True(f.Score > 60));
        // Rules whose options did not change give the same flags.
        foreach (var rule in new[] { AnomalyProjection.Rules.DuplicateSale, AnomalyProjection.Rules.RepeatedAmount, AnomalyProjection.Rules.RefundOverRemaining })
            Assert.Equal(Of(served, rule), Of(rebuilt, rule));
        Assert.Equal(0, await db.ScalarAsync($"SELECT count(*) FROM pg_tables WHERE schemaname = '{{schema}}' AND tablename LIKE 'anomaly_flags_g1'"));
    }

    private sealed class FlagComparer : IEqualityComparer<Flag>
    {
        public static readonly FlagComparer Instance = new();
        public bool Equals(Flag? a, Flag? b) => a is not null && b is not null && a.Rule == b.Rule && a.Subject == b.Subject && a.Events.SequenceEqual(b.Events) && a.Reason == b.Reason;
        public int GetHashCode(Flag f) => HashCode.Combine(f.Rule, f.Subject);
    }
}
