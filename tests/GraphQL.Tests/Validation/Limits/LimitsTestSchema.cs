using System.Diagnostics;
using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;
using Es.GraphQL.Validation;

namespace Es.GraphQL.Tests.Validation.Limits;

/// <summary>A small schema with list fields of every list-size argument and Relay connections, and helpers to run the analyzer on it.</summary>
public static class LimitsTestSchema
{
    public static GraphQLSchema Instance { get; } = BuildAstSchema.BuildSchema("""
        directive @a repeatable on QUERY | MUTATION | FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT | FRAGMENT_DEFINITION | VARIABLE_DEFINITION
        directive @b repeatable on QUERY | MUTATION | FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT | FRAGMENT_DEFINITION | VARIABLE_DEFINITION

        interface Node { id: ID! }

        type User implements Node {
          id: ID!
          name: String
          best: User
          friends(first: Int, last: Int, limit: Int, take: Int, size: Int, after: String): [User]
          posts(limit: Int): [Post!]!
        }

        type Post implements Node {
          id: ID!
          title: String
          author: User
          comments(take: Int): [Comment]
          commentPage(first: Int = 20, last: Int, after: String): CommentConnection!
        }

        type Comment {
          id: ID!
          body: String
          author: User
          replies(first: Int = 10, after: String): CommentConnection!
        }

        type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
        type PostEdge { cursor: String! node: Post! }
        type PostConnection { edges: [PostEdge!]! nodes: [Post!]! pageInfo: PageInfo! totalCount: Int! }
        type CommentEdge { cursor: String! node: Comment! }
        type CommentConnection { edges: [CommentEdge!]! nodes: [Comment!]! pageInfo: PageInfo! }

        "A connection-like type whose list has a size argument of its own."
        type Gallery { nodes(take: Int): [Post!]! }

        union SearchResult = User | Post

        type Query {
          user(id: ID): User
          users(first: Int, last: Int, limit: Int, take: Int, size: Int, after: String): [User!]!
          matrix(first: Int): [[User]]
          tags(first: Int): [String]
          node(id: ID!): Node
          search(text: String): [SearchResult]
          recent(limit: Int = 5): [Post]
          feed(first: Int = 20, last: Int, after: String, before: String): PostConnection!
          archive(first: Int, last: Int): PostConnection
          gallery(first: Int): Gallery
        }

        type Mutation { addUser(name: String): User }
        """);

    /// <summary>Only <paramref name="limits"/>' checks, defaulting to <see cref="OperationLimits.Default"/>.</summary>
    public static IReadOnlyList<GraphQLError> Check(string document, OperationLimits? limits = null, string? operationName = null, IReadOnlyDictionary<string, object?>? variables = null) =>
        OperationLimitsAnalyzer.Check(Instance, Parser.Parse(document), operationName, variables, limits ?? OperationLimits.Default);

    /// <summary>The estimated cost, read from the error a limit of 0 gives (0 when there is none).</summary>
    public static long CostOf(string document, IReadOnlyDictionary<string, object?>? variables = null, OperationLimits? limits = null, GraphQLSchema? schema = null) =>
        Actual(OperationLimitsAnalyzer.Check(schema ?? Instance, Parser.Parse(document), null, variables, (limits ?? OperationLimits.Unlimited) with { MaxCost = 0 }));

    /// <summary>The depth, read from the error a limit of 0 gives (0 when there is none).</summary>
    public static long DepthOf(string document, GraphQLSchema? schema = null) =>
        Actual(OperationLimitsAnalyzer.Check(schema ?? Instance, Parser.Parse(document), null, null, OperationLimits.Unlimited with { MaxDepth = 0 }));

    private static long Actual(IReadOnlyList<GraphQLError> errors) =>
        errors.Count == 0 ? 0 : Convert.ToInt64(Assert.Single(errors).Extensions!["actual"]);

    /// <summary>Asserts one error with the given code, limit and actual figure, and returns it.</summary>
    public static GraphQLError AssertRefused(IReadOnlyList<GraphQLError> errors, string code, long limit, long actual)
    {
        var error = Assert.Single(errors);
        Assert.Equal(code, error.Extensions!["code"]);
        Assert.Equal(limit, Convert.ToInt64(error.Extensions["limit"]));
        Assert.Equal(actual, Convert.ToInt64(error.Extensions["actual"]));
        return error;
    }

    /// <summary>
    /// The shortest of up to three runs of <paramref name="action"/>: a guard against exponential
    /// work, which is slow every time, not a benchmark that a busy machine could fail once.
    /// </summary>
    public static TimeSpan FastestOf3(Action action)
    {
        var fastest = TimeSpan.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            action();
            stopwatch.Stop();
            if (stopwatch.Elapsed < fastest) fastest = stopwatch.Elapsed;
        }
        return fastest;
    }
}

/// <summary>Timed tests run alone, after the others, so that the suite's own load does not slow them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedCollection
{
    public const string Name = "Timed";
}
