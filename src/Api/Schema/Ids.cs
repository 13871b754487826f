using Es.GraphQL.Types;

namespace Es.Api.Schema;

/// <summary>Es's ids are Guids: an ID argument that is not one is the caller's mistake (VALIDATION on that field), not a server error.</summary>
public static class Ids
{
    public static Guid Id(this ArgumentValues arguments, string name) =>
        arguments.TryGet<string>(name, out var text) && Guid.TryParse(text, out var id) ? id
        : throw ApiErrors.Validation("BAD_ID", $"{name} is not an id Es made.", name);

    public static Guid? OptionalId(this ArgumentValues arguments, string name) =>
        arguments.TryGet<string>(name, out var text) && text is not null ? arguments.Id(name) : null;
}
