using Es.Api.Schema;
using Es.GraphQL.Types;

namespace Es.Api.Commerce;

/// <summary>
/// Who reads the commerce analytics (customers' spend, merchants' tickets, anomalies, sales search):
/// administrators and auditors, the people who answer for the figures. Members get FORBIDDEN,
/// anonymous callers UNAUTHENTICATED.
/// </summary>
public static class CommerceAccess
{
    public static void RequireAnalyst(this ResolveFieldContext ctx)
    {
        switch (ctx.Caller())
        {
            case { MayReadAudit: true }: return;
            case { IsMember: true }: throw ApiErrors.Forbidden("ANALYSTS_ONLY", "Only administrators and auditors read the commerce analytics.");
            default: throw ApiErrors.Unauthenticated("Sign in as an administrator or auditor to read the commerce analytics.");
        }
    }
}
