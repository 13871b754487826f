using System.Text.Json;
using Es.GraphQL.Execution;
using Es.GraphQL.Validation;
using static Es.GraphQL.Tests.Validation.Limits.LimitsTestSchema;

namespace Es.GraphQL.Tests.Validation.Limits;

/// <summary>
/// OperationLimits.MaxCost on Relay connections: the size arguments of a connection field (not a
/// list itself) size its edges and nodes lists (OperationLimits.ConnectionListFields); its other
/// fields, pageInfo and totalCount, are not multiplied.
/// </summary>
public class ConnectionCostTests
{
    [Fact]
    public void A_connections_literal_first_multiplies_its_edges()
    {
        // feed + edges + 50 edges × (cursor + node + the node's id and title)
        Assert.Equal(1 + 1 + 50 * (1 + 1 + 2), CostOf("{ feed(first: 50) { edges { cursor node { id title } } } }"));
    }

    [Fact]
    public void A_connections_literal_first_multiplies_its_nodes()
    {
        // feed + nodes + 50 nodes × their id and title
        Assert.Equal(1 + 1 + 50 * 2, CostOf("{ feed(first: 50) { nodes { id title } } }"));
    }

    [Fact]
    public void A_connections_first_given_as_a_variable_is_read_from_the_request()
    {
        var variables = Values.FromJson(JsonDocument.Parse("""{ "n": 7 }""").RootElement);
        // feed + nodes + 7 nodes × their id
        Assert.Equal(1 + 1 + 7 * 1, CostOf("query ($n: Int) { feed(first: $n) { nodes { id } } }", variables));
    }

    [Fact]
    public void A_connections_first_variable_not_given_takes_the_variables_default_else_the_arguments()
    {
        // feed + nodes + 3 nodes × their id: the variable's default
        Assert.Equal(1 + 1 + 3 * 1, CostOf("query ($n: Int = 3) { feed(first: $n) { nodes { id } } }"));
        // feed + nodes + 20 nodes × their id: feed's first defaults to 20 in the schema
        Assert.Equal(1 + 1 + 20 * 1, CostOf("query ($n: Int) { feed(first: $n) { nodes { id } } }"));
    }

    [Fact]
    public void A_connections_first_given_as_null_counts_the_default_list_size()
    {
        var variables = new Dictionary<string, object?> { ["n"] = null };
        // feed + nodes + 10 (DefaultListSize) nodes × their id
        Assert.Equal(1 + 1 + 10 * 1, CostOf("query ($n: Int = 3) { feed(first: $n) { nodes { id } } }", variables));
    }

    [Fact]
    public void A_connection_without_first_counts_the_default_of_its_first_argument()
    {
        // feed + nodes + 20 nodes × their id: feed(first: Int = 20)
        Assert.Equal(1 + 1 + 20 * 1, CostOf("{ feed { nodes { id } } }"));
    }

    [Fact]
    public void A_connection_without_a_size_or_a_default_counts_the_default_list_size()
    {
        // archive + nodes + 10 (DefaultListSize) nodes × their id: archive(first: Int) has no default
        Assert.Equal(1 + 1 + 10 * 1, CostOf("{ archive { nodes { id } } }"));
        // the same with DefaultListSize 4
        Assert.Equal(1 + 1 + 4 * 1, CostOf("{ archive { nodes { id } } }", limits: OperationLimits.Unlimited with { DefaultListSize = 4 }));
    }

    [Fact]
    public void A_connections_last_multiplies_its_edges()
    {
        // archive + edges + 5 edges × (node + its id)
        Assert.Equal(1 + 1 + 5 * (1 + 1), CostOf("{ archive(last: 5) { edges { node { id } } } }"));
    }

    [Fact]
    public void Of_a_written_last_and_the_default_of_first_the_larger_counts()
    {
        // The resolver gets both: last: 50 and first's default, 20. feed + nodes + 50 nodes × id.
        Assert.Equal(1 + 1 + 50 * 1, CostOf("{ feed(last: 50) { nodes { id } } }"));
        // feed + nodes + 20 nodes × id: first's default is the larger.
        Assert.Equal(1 + 1 + 20 * 1, CostOf("{ feed(last: 5) { nodes { id } } }"));
    }

    [Fact]
    public void PageInfo_and_totalCount_are_not_multiplied_by_the_page_size()
    {
        // feed + pageInfo (itself + hasNextPage + endCursor) + totalCount + edges (itself + 100 × cursor)
        Assert.Equal(1 + (1 + 2) + 1 + (1 + 100 * 1),
            CostOf("{ feed(first: 100) { pageInfo { hasNextPage endCursor } totalCount edges { cursor } } }"));
    }

    [Fact]
    public void Nested_connections_multiply()
    {
        const string document = "{ feed(first: 10) { edges { node { commentPage(first: 5) { nodes { body } pageInfo { hasNextPage } } } } } }";
        // commentPage + nodes (itself + 5 × body) + pageInfo (itself + hasNextPage)
        const long commentPage = 1 + (1 + 5 * 1) + (1 + 1);
        // feed + edges + 10 edges × (node + its commentPage)
        Assert.Equal(1 + 1 + 10 * (1 + commentPage), CostOf(document));
    }

    [Fact]
    public void A_fragment_on_a_connection_type_counts_the_page_size_of_each_connection_it_is_spread_in()
    {
        const string document = """
            { a: feed(first: 2) { ...Page } b: feed(first: 30) { ...Page } }
            fragment Page on PostConnection { nodes { id } pageInfo { hasNextPage } }
            """;
        // each feed + nodes (itself + its page × id) + pageInfo (itself + hasNextPage)
        Assert.Equal((1 + (1 + 2 * 1) + (1 + 1)) + (1 + (1 + 30 * 1) + (1 + 1)), CostOf(document));
    }

    [Fact]
    public void An_inline_fragment_on_a_connection_type_counts_its_page_size()
    {
        // feed + nodes + 4 nodes × id
        Assert.Equal(1 + 1 + 4 * 1, CostOf("{ feed(first: 4) { ... on PostConnection { nodes { id } } } }"));
    }

    [Fact]
    public void A_connection_list_with_a_size_argument_of_its_own_counts_that_size()
    {
        // gallery + nodes + 3 nodes × id: nodes(take: 3) wins over gallery(first: 50)
        Assert.Equal(1 + 1 + 3 * 1, CostOf("{ gallery(first: 50) { nodes(take: 3) { id } } }"));
        // gallery + nodes + 50 nodes × id
        Assert.Equal(1 + 1 + 50 * 1, CostOf("{ gallery(first: 50) { nodes { id } } }"));
    }

    [Fact]
    public void Connection_list_fields_can_be_configured()
    {
        var limits = OperationLimits.Unlimited with { ConnectionListFields = new HashSet<string> { "nodes" } };
        // feed + edges (itself + 10 (DefaultListSize) × cursor) + nodes (itself + 50 × id)
        Assert.Equal(1 + (1 + 10 * 1) + (1 + 50 * 1), CostOf("{ feed(first: 50) { edges { cursor } nodes { id } } }", limits: limits));
    }

    [Fact]
    public void A_realistic_relay_page_of_100_posts_with_20_comments_each_passes_the_defaults()
    {
        const string document = """
            query Feed($first: Int = 100) {
              feed(first: $first) {
                pageInfo { hasNextPage endCursor }
                edges {
                  cursor
                  node {
                    id title author { id name }
                    commentPage(first: 20) {
                      pageInfo { hasNextPage endCursor }
                      edges { cursor node { id body author { id name } } }
                    }
                  }
                }
              }
            }
            """;
        // commentPage + pageInfo (itself + 2) + edges + 20 edges × (cursor + node (itself + id + body + author (itself + 2)))
        const long commentPage = 1 + (1 + 2) + 1 + 20 * (1 + (1 + 2 + (1 + 2)));
        // node + id + title + author (itself + 2) + commentPage
        const long post = 1 + 2 + (1 + 2) + commentPage;
        // feed + pageInfo (itself + 2) + edges + 100 edges × (cursor + post)
        Assert.Equal(1 + (1 + 2) + 1 + 100 * (1 + post), CostOf(document, limits: OperationLimits.Default));
        Assert.Empty(Check(document));
    }

    [Fact]
    public void Three_connections_of_100_nested_in_one_another_are_refused_under_the_defaults()
    {
        const string document = """
            {
              feed(first: 100) { edges { node { id
                commentPage(first: 100) { edges { node { id
                  replies(first: 100) { edges { node { id body } } }
                } } }
              } } }
            }
            """;
        // replies + edges + 100 edges × (node + id + body)
        const long replies = 1 + 1 + 100 * (1 + 2);
        // commentPage + edges + 100 edges × (node + id + replies)
        const long commentPage = 1 + 1 + 100 * (1 + 1 + replies);
        // feed + edges + 100 edges × (node + id + commentPage)
        AssertRefused(Check(document), OperationLimitsAnalyzer.MaxCostExceeded, limit: 100_000, actual: 1 + 1 + 100 * (1 + 1 + commentPage));
    }

    [Fact]
    public void Two_nested_pages_of_100_pass_when_each_item_selects_little_and_are_refused_when_it_selects_more()
    {
        const string lean = "{ feed(first: 100) { edges { node { id title commentPage(first: 100) { edges { node { id body } } } } } } }";
        // commentPage + edges + 100 edges × (node + id + body)
        const long leanComments = 1 + 1 + 100 * (1 + 2);
        // feed + edges + 100 edges × (node + id + title + commentPage)
        const long leanCost = 1 + 1 + 100 * (1 + 2 + leanComments);
        Assert.Equal(leanCost, CostOf(lean, limits: OperationLimits.Default));
        Assert.Empty(Check(lean));

        const string wide = """
            { feed(first: 100) { edges { node { id title commentPage(first: 100) { edges { node {
                id body author { id name best { id name } } replies { pageInfo { hasNextPage } }
            } } } } } } }
            """;
        // id + body + author (itself + id + name + best (itself + id + name)) + replies (itself + pageInfo (itself + hasNextPage))
        const long comment = 2 + (1 + 2 + (1 + 2)) + (1 + (1 + 1));
        // commentPage + edges + 100 edges × (node + its selection)
        const long wideComments = 1 + 1 + 100 * (1 + comment);
        // feed + edges + 100 edges × (node + id + title + commentPage)
        AssertRefused(Check(wide), OperationLimitsAnalyzer.MaxCostExceeded, limit: 100_000, actual: 1 + 1 + 100 * (1 + 2 + wideComments));
    }
}
