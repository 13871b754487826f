using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests;

/// <summary>DataLoaders keep a feed page at a small constant number of SQL statements, however many posts it holds.</summary>
public sealed class StatementCountTests(ApiHost api) : IClassFixture<ApiHost>
{
    private const string Feed = """
        query($tag: String!) {
          feed(tag: $tag, first: 50) {
            edges { cursor node { id title likeCount commentCount likedByMe author { handle displayName verifiedProfessional } } }
            pageInfo { hasNextPage }
          }
        }
        """;

    [Fact]
    public async Task A_feed_page_of_50_posts_with_authors_badges_counts_and_liked_by_me_runs_three_statements()
    {
        var authors = new List<ApiHost.Member>();
        for (var i = 0; i < 5; i++) authors.Add(await api.SignUpAsync($"count_author{i}"));
        for (var i = 0; i < 50; i++)
            await api.DataAsync("mutation($input: PublishPostInput!) { publishPost(input: $input) { id } }",
                new { input = new { title = $"Post {i}", body = "b", region = "Seoul Mapo", tags = new[] { "counted" } } }, authors[i % 5].AccessToken);

        var (statements, data) = await CountStatementsAsync(() => api.DataAsync(Feed, new { tag = "counted" }, authors[0].AccessToken));
        Assert.Equal(50, data.GetProperty("feed").GetProperty("edges").GetArrayLength());
        // The page, its authors (one batch for all 5), and "liked by me" (one batch for all 50).
        Assert.True(statements.Count == 3, string.Join("\n---\n", statements));
    }

    [Fact]
    public async Task A_merchants_page_of_30_with_their_flag_counts_runs_two_statements()
    {
        var pipeline = api.Host.Services.GetRequiredService<Es.Commands.CommandPipeline>();
        long last = 0;
        for (var i = 0; i < 30; i++)
        {
            var sent = await pipeline.SendAsync(new Es.Domain.RegisterMerchant($"count-m{i:D2}", $"Shop {i}", "grocery", "Asia/Seoul", $"test:count-m{i}"),
                new Es.Commands.CommandContext(Es.Domain.Actor.System("test"), "test"));
            Assert.True(sent.Succeeded);
            last = sent.LastSequence;
        }
        Assert.True(await api.Host.Services.GetRequiredService<Es.Projections.ProjectionPositions>().WaitForAsync(["merchants"], last, TimeSpan.FromSeconds(60)));
        var admin = await api.SignUpWithRoleAsync("count_admin", Es.Api.Schema.EsRoles.Administrator);

        var (statements, data) = await CountStatementsAsync(() => api.DataAsync(
            "{ merchants(category: \"grocery\", first: 30) { nodes { id flags } } }", token: admin));
        Assert.Equal(30, data.GetProperty("merchants").GetProperty("nodes").GetArrayLength());
        // The page, and the flags of all 30 in one batch.
        Assert.True(statements.Count == 2, string.Join("\n---\n", statements));
    }

    /// <summary>Counts the Npgsql commands that run inside the GraphQL operation's activity (the daemon's own polling is outside it).</summary>
    private static async Task<(IReadOnlyList<string> Statements, T Result)> CountStatementsAsync<T>(Func<Task<T>> run)
    {
        var statements = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Npgsql" or "Es.GraphQL",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.Source.Name != "Npgsql") return;
                for (var p = a.Parent; p is not null; p = p.Parent)
                    if (p.Source.Name == "Es.GraphQL") { statements.Enqueue(a.DisplayName + " " + (a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement"))); return; }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var result = await run();
        return (statements.ToArray(), result);
    }
}
