using Es.Api.Schema;
using Es.Commands;
using Es.Domain;
using Es.GraphQL;

namespace Es.Api.Accounts;

/// <summary>The profile a new member registers with: signUp's and registerMember's inputs share it.</summary>
public sealed record MemberProfile(string Handle, string DisplayName, string Region, int BirthYear, IReadOnlyList<string> ConditionsOfInterest);

/// <summary>
/// Registers a new member through the command pipeline, for every way in (signUp's account,
/// registerMember's external identity): the member acts as itself, so the actor on its events is
/// the new member and never anything from input, and the events carry the profile only. The way in
/// has stored its credential row first; when the domain refuses the profile (a handle taken, a
/// field out of range) <c>undo</c> removes it, so there is no credential without a member.
/// </summary>
public sealed class MemberRegistration(CommandSender commands)
{
    public async Task RegisterAsync(Guid memberId, MemberProfile profile, string? requestId, Func<Task> undo, CancellationToken ct)
    {
        try
        {
            var register = new RegisterMember(memberId, profile.Handle, profile.DisplayName, profile.Region, profile.ConditionsOfInterest, profile.BirthYear);
            await commands.SendAsync(register, new CommandContext(Actor.Member(memberId), CommandSender.Source) { CausationId = requestId }, ct);
        }
        catch (GraphQLError rejected)
        {
            await undo();
            throw Prefixed(rejected, "input.");
        }
    }

    /// <summary>The domain names its command's fields; the client sent them inside <c>input</c>.</summary>
    private static GraphQLError Prefixed(GraphQLError error, string prefix)
    {
        if (error.Extensions is not { } ext || ext.GetValueOrDefault("field") is not string field) return error;
        var copy = new Dictionary<string, object?>(ext) { ["field"] = prefix + field };
        return new GraphQLError(error.Message, extensions: copy);
    }
}
