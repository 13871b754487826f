using System.Text.Json;

namespace Es.Domain.Tests;

/// <summary>Given (events) / When (command) / Then (events or rejection) against one decider.</summary>
public static class Scenario
{
    public static Given<TCommand, TState, TEvent> Given<TCommand, TState, TEvent>(
        this Decider<TCommand, TState, TEvent> decider, params TEvent[] history)
        where TCommand : Command where TState : notnull where TEvent : DomainEvent =>
        new(decider, history);

    /// <summary>Events compare by their JSON, so records holding lists compare by content.</summary>
    public static string Describe(DomainEvent e) => $"{e.GetType().Name} {JsonSerializer.Serialize(e, e.GetType(), Json)}";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new DecimalByValue() } };

    /// <summary>70.00 and 70 are the same amount; decimal keeps the scale, so JSON would not say so.</summary>
    private sealed class DecimalByValue : System.Text.Json.Serialization.JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value / 1.0000000000000000000000000000m);
    }
}

public sealed class Given<TCommand, TState, TEvent>(Decider<TCommand, TState, TEvent> decider, TEvent[] history)
    where TCommand : Command where TState : notnull where TEvent : DomainEvent
{
    public TState State => decider.Fold(history);

    public Outcome<TEvent> When(TCommand command) => new(decider.Decide(command, State));
}

public sealed class Outcome<TEvent>(Decision<TEvent> decision) where TEvent : DomainEvent
{
    public Decision<TEvent> Decision => decision;

    public void Then(params TEvent[] expected)
    {
        Assert.False(decision.IsRejected, decision.ToString());
        Assert.Equal(expected.Select(Scenario.Describe), decision.Events.Select(Scenario.Describe));
    }

    /// <summary>Accepted, and nothing to append: the command was a no-op.</summary>
    public void ThenNothingHappens() => Then();

    public Rejection ThenRejected(RejectionCode code, string reason, string? field = null)
    {
        Assert.True(decision.IsRejected, decision.ToString());
        var rejection = Assert.Single(decision.Rejections);
        Assert.Equal((code, reason), (rejection.Code, rejection.Reason));
        if (field is not null)
            Assert.Equal(field, rejection.Field);
        return rejection;
    }
}

/// <summary>The envelope the pipeline would fill, for tests.</summary>
public static class Envelope
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static T By<T>(this T command, Guid memberId, DateTimeOffset? at = null) where T : Command =>
        command.As(Actor.Member(memberId), at);

    public static T ByAdministrator<T>(this T command, Guid memberId, DateTimeOffset? at = null) where T : Command =>
        command.As(Actor.Administrator(memberId), at);

    public static T As<T>(this T command, Actor actor, DateTimeOffset? at = null) where T : Command =>
        (T)(command with { Actor = actor, Now = at ?? T0 });

    public static T At<T>(this T command, DateTimeOffset at) where T : Command =>
        (T)(command with { Now = at });

    /// <summary>Loads facts for every member the command asks for, as the pipeline would.</summary>
    public static T Knowing<T>(this T command, params MemberFacts[] facts) where T : Command =>
        (T)(command with { Members = MemberDirectory.Of(facts) });

    public static MemberFacts Active(Guid id, string region = "lisbon-arroios") => new(id, true, true, region, false);

    public static MemberFacts Deactivated(Guid id, string region = "lisbon-arroios") => new(id, true, false, region, false);

    public static MemberFacts Unregistered(Guid id) => MemberFacts.Unregistered(id);
}
