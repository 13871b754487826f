namespace Es.Domain.Tests;

public class CatalogueTests
{
    private static readonly Type[] DomainTypes = typeof(DomainEvent).Assembly.GetTypes();

    private static IEnumerable<Type> ConcreteSubtypesOf<T>() =>
        DomainTypes.Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract);

    [Fact]
    public void Every_event_is_registered_exactly_once()
    {
        var registered = DomainEvents.All.Select(e => e.ClrType).ToList();
        Assert.Equal(registered.Count, registered.Distinct().Count());
        Assert.Equal(ConcreteSubtypesOf<DomainEvent>().OrderBy(t => t.Name), registered.OrderBy(t => t.Name));
    }

    [Fact]
    public void Stored_event_names_are_unique_and_versions_start_at_one()
    {
        Assert.Equal(DomainEvents.All.Count, DomainEvents.All.Select(e => e.Name).Distinct().Count());
        Assert.All(DomainEvents.All, e => Assert.True(e.SchemaVersion >= 1));
    }

    [Fact]
    public void Every_event_above_version_one_has_an_upcaster_from_each_older_version()
    {
        foreach (var e in DomainEvents.All)
            for (var v = 1; v < e.SchemaVersion; v++)
                Assert.Contains(DomainEvents.Upcasters, u => u.Name == e.Name && u.FromVersion == v);
        Assert.All(DomainEvents.Upcasters, u => Assert.True(u.FromVersion < DomainEvents.ByName(u.Name).SchemaVersion));
    }

    [Fact]
    public void Stored_names_do_not_depend_on_namespaces()
    {
        Assert.All(DomainEvents.All, e => Assert.DoesNotContain(".", e.Name));
    }

    [Fact]
    public void An_event_type_is_found_by_name_and_by_instance()
    {
        var liked = new PostLiked(Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UnixEpoch);
        Assert.Equal(typeof(PostLiked), DomainEvents.ByName("PostLiked").ClrType);
        Assert.Equal("PostLiked", DomainEvents.Of(liked).Name);
        Assert.Throws<KeyNotFoundException>(() => DomainEvents.ByName("PostLoved"));
    }

    [Fact]
    public void Every_command_is_routed_to_exactly_one_decider()
    {
        foreach (var command in ConcreteSubtypesOf<Command>())
            Assert.Single(Deciders.All, d => d.CommandType.IsAssignableFrom(command));
    }

    [Fact]
    public void Every_decider_event_family_is_registered()
    {
        foreach (var decider in Deciders.All)
            Assert.Contains(DomainEvents.All, e => decider.EventType.IsAssignableFrom(e.ClrType));
    }

    [Fact]
    public void A_generic_pipeline_can_drive_a_decider_without_knowing_it()
    {
        var post = Guid.NewGuid();
        var ana = Guid.NewGuid();
        Command command = new LikePost(post) { Actor = Actor.Member(ana), Now = DateTimeOffset.UnixEpoch };

        var decider = Deciders.For(command);
        var facts = command.MembersToLoad.Select(id => Deciders.MemberFactsFrom(id,
            [new MemberRegistered(id, "ana", "Ana", "r", [], 1990, DateTimeOffset.UnixEpoch)]));
        command = command with { Members = new MemberDirectory(facts) };
        var state = decider.Fold([new PostPublished(post, ana, "t", "b", "r", [], DateTimeOffset.UnixEpoch)]);
        var decision = decider.Decide(command, state);

        Assert.Equal($"post-{post}", decider.StreamId(command));
        Assert.Equal("PostLiked", DomainEvents.Of(Assert.Single(decision.Events)).Name);
    }

    [Fact]
    public void Events_survive_a_json_round_trip()
    {
        DomainEvent[] samples =
        [
            new OrderPlaced(Guid.NewGuid(), "c", "r", [new OrderItem("x", 2, 1.5m)], new Money(3m, "EUR"), "a", DateTimeOffset.UnixEpoch, "s"),
            new PollOpened(Guid.NewGuid(), Guid.NewGuid(), "r", "q", ["a", "b"], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch),
            new PollClosed(Guid.NewGuid(), null, DateTimeOffset.UnixEpoch, true),
        ];
        foreach (var e in samples)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(e, e.GetType());
            var back = (DomainEvent)System.Text.Json.JsonSerializer.Deserialize(json, DomainEvents.ByName(DomainEvents.Of(e).Name).ClrType)!;
            Assert.Equal(Scenario.Describe(e), Scenario.Describe(back));
        }
    }

    [Fact]
    public void Name_based_ids_are_stable_and_distinct()
    {
        Assert.Equal(NameBasedGuid.Create("a"), NameBasedGuid.Create("a"));
        Assert.NotEqual(NameBasedGuid.Create("a"), NameBasedGuid.Create("b"));
        Assert.Equal(5, NameBasedGuid.Create("a").Version);
        Assert.NotEqual(NameBasedGuid.ForEvent("k", "post-1", 0), NameBasedGuid.ForEvent("k", "post-1", 1));
    }

    [Fact]
    public void Rejection_codes_map_to_graphql_extension_codes()
    {
        Assert.Equal("NOT_FOUND", Rejection.NotFound("X", "m").ExtensionCode);
        Assert.Equal("VALIDATION", Rejection.Validation("X", "m", "title").ExtensionCode);
        Assert.Equal("INVALID_STATE", Rejection.InvalidState("X", "m").ExtensionCode);
        Assert.Equal("FORBIDDEN", Rejection.Forbidden("X", "m").ExtensionCode);
        Assert.Equal("CONFLICT", Rejection.Conflict("X", "m").ExtensionCode);
        Assert.Equal("UNAUTHENTICATED", Rejection.Unauthenticated().ExtensionCode);
    }
}
