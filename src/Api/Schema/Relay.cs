using System.Globalization;
using System.Text;
using Npgsql;
using Es.GraphQL;
using Es.GraphQL.Types;

namespace Es.Api.Schema;

/// <summary>A page of a list, as the Relay cursor connections specification shapes it.</summary>
public sealed record Connection<T>(IReadOnlyList<Edge<T>> Edges, PageInfo PageInfo)
{
    public IEnumerable<T> Nodes => Edges.Select(e => e.Node);
}

public sealed record Edge<T>(string Cursor, T Node);

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

/// <summary>A forward page request: at most <see cref="First"/> items after the position <see cref="After"/> decodes to.</summary>
public sealed record PageRequest(int First, string? After)
{
    /// <summary>One more than asked, so a page knows whether another follows without counting.</summary>
    public int Fetch => First + 1;

    /// <summary>The keyset position after which the page starts, or null for the first page.</summary>
    public string[]? AfterKey => After is null ? null : Relay.DecodeCursor(After);
}

/// <summary>
/// Relay cursor connections: every list in the Es schema is one. Paging is forward (<c>first</c>,
/// <c>after</c>) over a stable order; a cursor is an opaque encoding of the row's sort key, so a
/// page never skips or repeats a row when rows are added before it (keyset paging, not offsets).
/// </summary>
public static class Relay
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static void AddPageInfo(SchemaBuilder builder) => builder.Object<PageInfo>("PageInfo", o => o
        .Description("Where a page of a connection is (Relay).")
        .Field("hasNextPage", "Boolean!", p => p.HasNextPage)
        .Field("hasPreviousPage", "Boolean!", p => p.HasPreviousPage)
        .Field("startCursor", "String", p => p.StartCursor)
        .Field("endCursor", "String", p => p.EndCursor));

    /// <summary>Declares <c>{node}Connection</c> and <c>{node}Edge</c> for values of <typeparamref name="T"/>.</summary>
    public static SchemaBuilder Connection<T>(this SchemaBuilder builder, string nodeType, string? description = null)
    {
        builder.Object<Edge<T>>(nodeType + "Edge", o => o
            .Field("cursor", "String!", e => e.Cursor)
            .Field("node", nodeType + "!", e => e.Node));
        return builder.Object<Connection<T>>(nodeType + "Connection", o =>
        {
            if (description is not null) o.Description(description);
            o.Field("edges", $"[{nodeType}Edge!]!", c => c.Edges)
             .Field("nodes", $"[{nodeType}!]!", c => c.Nodes.ToArray())
             .Field("pageInfo", "PageInfo!", c => c.PageInfo);
        });
    }

    /// <summary>Adds the <c>first</c> and <c>after</c> arguments of a connection field.</summary>
    public static FieldBuilder<TSource> Paged<TSource>(this FieldBuilder<TSource> field, int defaultSize = DefaultPageSize) => field
        .Argument("first", "Int", defaultSize, $"How many, at most {MaxPageSize}.")
        .Argument("after", "String", description: "The endCursor of the page before.");

    /// <summary>The page a connection field was asked for; a size out of range or a cursor that is not ours is a VALIDATION error.</summary>
    public static PageRequest Page(this ResolveFieldContext ctx)
    {
        var first = ctx.Arguments.GetOrDefault("first", DefaultPageSize);
        if (first is < 0 or > MaxPageSize)
            throw ApiErrors.Validation("PAGE_SIZE", $"first must be between 0 and {MaxPageSize}.", "first");
        var after = ctx.Arguments.GetOrDefault<string?>("after", null);
        if (after is not null && DecodeCursor(after) is null)
            throw ApiErrors.Validation("BAD_CURSOR", "after is not a cursor of this list.", "after");
        return new PageRequest(first, after);
    }

    /// <summary>Cuts the rows fetched for <paramref name="page"/> (one more than asked) into a connection.</summary>
    public static Connection<T> ToConnection<T>(this IReadOnlyList<T> fetched, PageRequest page, Func<T, string[]> keyOf)
    {
        var rows = fetched.Take(page.First).ToArray();
        var edges = rows.Select(r => new Edge<T>(EncodeCursor(keyOf(r)), r)).ToArray();
        return new Connection<T>(edges, new PageInfo(fetched.Count > page.First, page.After is not null,
            edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor));
    }

    public static string EncodeCursor(params string[] key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("es1:" + string.Join('\u001f', key))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The key a cursor holds, or null when it is not a cursor Es made.</summary>
    public static string[]? DecodeCursor(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            return text.StartsWith("es1:", StringComparison.Ordinal) ? text[4..].Split('\u001f') : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The SQL side of keyset pages: the condition that starts a page after its cursor, and batched flags.</summary>
public static class Keyset
{
    /// <summary>
    /// For an order by (<paramref name="time"/>, <paramref name="id"/>), ascending or descending: the
    /// condition <c>(time, id) &gt; ($n-1, $n)</c> (or <c>&lt;</c>) with the cursor's values added to
    /// <paramref name="cmd"/>, or null on the first page.
    /// </summary>
    public static string? AfterTimeAndId(this PageRequest page, NpgsqlCommand cmd, string time, string id, bool descending)
    {
        if (page.AfterKey is not [var at, var key]) return null;
        cmd.Parameters.AddWithValue(Cursors.ParseTime(at));
        cmd.Parameters.AddWithValue(Cursors.Id(key));
        var n = cmd.Parameters.Count;
        return $"({time}, {id}) {(descending ? "<" : ">")} (${n - 1}, ${n})";
    }

    /// <summary>
    /// For each of <paramref name="ids"/>, whether <paramref name="sql"/> (taking the member as $1 and
    /// the ids as $2, returning matching ids) finds it: "liked by me", "joined by me" for a whole page
    /// in one statement.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, bool>> FlagsAsync(NpgsqlDataSource dataSource, string sql, Guid memberId,
        IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.AddWithValue(memberId);
        cmd.Parameters.AddWithValue(ids.ToArray());
        var flags = ids.Distinct().ToDictionary(id => id, _ => false);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) flags[r.GetGuid(0)] = true;
        return flags;
    }
}

/// <summary>Times in cursors: microseconds since the epoch, PostgreSQL's own precision, so a cursor compares exactly.</summary>
public static class Cursors
{
    public static string Time(DateTimeOffset t) => ((t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture);

    /// <summary>A time from a cursor; a cursor that was tampered with is the caller's VALIDATION error on <c>after</c>.</summary>
    public static DateTimeOffset ParseTime(string micros) =>
        long.TryParse(micros, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= -62_135_596_800_000_000L and < 253_402_300_800_000_000L
            ? DateTimeOffset.UnixEpoch.AddTicks(value * 10)
            : throw BadCursor();

    public static Guid Id(string text) => Guid.TryParse(text, out var id) ? id : throw BadCursor();

    public static int Int(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw BadCursor();

    private static GraphQLError BadCursor() => ApiErrors.Validation("BAD_CURSOR", "after is not a cursor of this list.", "after");
}
