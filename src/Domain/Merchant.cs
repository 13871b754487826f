namespace Es.Domain;

/// <summary>
/// A business that sells: a card merchant (sales name it by <see cref="SaleRecorded.MerchantId"/>) or a
/// restaurant (orders name it by <see cref="OrderPlaced.RestaurantId"/>), stream <c>merchant-&lt;id&gt;</c>.
/// Its name is what sales search matches on; its time zone decides which local day a sale falls on;
/// its category is a restaurant's cuisine or a merchant's line of business. Registering again with the
/// same details changes nothing; with other details it records the change from then on (days already
/// counted stay where they were counted).
/// </summary>
public static class Merchant
{
    public const int IdMaxLength = 64;
    public const int NameMaxLength = 200;
    public const int CategoryMaxLength = 64;
    public const int SourceIdMaxLength = 256;

    public static class Reasons
    {
        public const string UnknownTimeZone = "UNKNOWN_TIME_ZONE";
    }

    public static string StreamId(string merchantId) => $"merchant-{merchantId}";

    public static readonly MerchantState Initial = new();

    public static readonly Decider<MerchantCommand, MerchantState, MerchantEvent> Decider =
        new(c => StreamId(c.MerchantId), Initial, Decide, Evolve);

    /// <summary>An IANA zone id this machine's time zone database knows (e.g. Asia/Seoul, America/Sao_Paulo).</summary>
    public static bool IsKnownTimeZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Contains('/', StringComparison.Ordinal) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _)
        || id == "UTC";

    public static Decision<MerchantEvent> Decide(MerchantCommand command, MerchantState state)
    {
        if (command.RequireIngestOrAdministrator() is { } notTrusted)
            return notTrusted;
        return command switch
        {
            RegisterMerchant c when state.Details is null =>
                new MerchantRegistered(c.MerchantId, c.Name, c.Category, c.TimeZone, c.SourceId),
            RegisterMerchant c when state.Details == new MerchantDetails(c.Name, c.Category, c.TimeZone) => Decision<MerchantEvent>.Unchanged,
            RegisterMerchant c => new MerchantUpdated(c.MerchantId, c.Name, c.Category, c.TimeZone, c.SourceId),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, null),
        };
    }

    public static MerchantState Evolve(MerchantState state, MerchantEvent @event) => @event switch
    {
        MerchantRegistered e => state with { Details = new MerchantDetails(e.Name, e.Category, e.TimeZone) },
        MerchantUpdated e => state with { Details = new MerchantDetails(e.Name, e.Category, e.TimeZone) },
        _ => state,
    };
}

public sealed record MerchantState
{
    public MerchantDetails? Details { get; init; }
}

public sealed record MerchantDetails(string Name, string Category, string TimeZone);

public abstract record MerchantCommand(string MerchantId) : Command
{
    public override IReadOnlyList<Guid> MembersToLoad => [];
}

/// <param name="TimeZone">IANA id, e.g. Asia/Seoul.</param>
/// <param name="Category">A restaurant's cuisine ("Korean") or a merchant's line of business ("grocery").</param>
public sealed record RegisterMerchant(string MerchantId, string Name, string Category, string TimeZone, string SourceId) : MerchantCommand(MerchantId);

public abstract record MerchantEvent : DomainEvent;

public sealed record MerchantRegistered(string MerchantId, string Name, string Category, string TimeZone, string SourceId) : MerchantEvent;

/// <summary>New details from now on; the earlier ones stay in the log.</summary>
public sealed record MerchantUpdated(string MerchantId, string Name, string Category, string TimeZone, string SourceId) : MerchantEvent;
