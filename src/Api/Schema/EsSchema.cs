using Es.GraphQL.Types;

namespace Es.Api.Schema;

/// <summary>
/// The Es schema, code-first: each feature adds its types and its Query, Mutation and Subscription
/// fields from its own folder (HotChocolate's type-extension style), in the order listed here, which
/// is the order docs/schema.graphql prints them in.
/// </summary>
public static class EsSchema
{
    /// <summary>The features that make up the schema; a new feature adds one line.</summary>
    public static readonly IReadOnlyList<Action<SchemaBuilder>> Features =
    [
        Relay.AddPageInfo,
        Accounts.AccountsSchema.Add,
        Accounts.ExternalAccountsSchema.Add,
        Members.MembersSchema.Add,
        Posts.PostsSchema.Add,
        Posts.PostSubscriptions.Add,
        Meetups.MeetupsSchema.Add,
        Polls.PollsSchema.Add,
        Chat.ChatSchema.Add,
        Network.NetworkSchema.Add,
        Audit.AuditSchema.Add,
        Pictures.PicturesSchema.Add,
        Activity.ActivitySchema.Add,
        Trends.TrendsSchema.Add,
        Regions.RegionsSchema.Add,
        Commerce.SalesSearchSchema.Add,
        Commerce.CustomersSchema.Add,
        Commerce.MerchantsSchema.Add,
        Commerce.RestaurantsSchema.Add,
        Commerce.AnomaliesSchema.Add,
        Operations.OperationsSchema.Add,
        Operations.DeadLettersSchema.Add,
    ];

    public static GraphQLSchema Build()
    {
        var builder = new SchemaBuilder()
            .Description("Es: the local health community's backend. Every action is an event; every list is a Relay connection.")
            .Type(CustomScalars.DateTime);
        foreach (var feature in Features) feature(builder);
        return builder.Build();
    }
}
