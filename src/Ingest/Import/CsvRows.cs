using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Es.Ingest.Import;

/// <summary>
/// A CSV file read row by row with CsvHelper (RFC 4180: quoted fields may hold commas, quotes and
/// line breaks), each row with the file line it starts on (the header is line 1) and typed getters
/// that fail with a <see cref="LineProblemException"/> naming the column.
/// </summary>
public sealed class CsvRows : IDisposable
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        DetectColumnCountChanges = false,
        MissingFieldFound = null,
        BadDataFound = null,
        TrimOptions = TrimOptions.None,
    };

    private readonly StreamReader _reader;
    private readonly CsvReader _csv;
    private readonly Dictionary<string, int> _columns;
    private int _lastRawRow;

    public CsvRows(string path)
    {
        _reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        _csv = new CsvReader(_reader, Configuration);
        if (!_csv.Read() || !_csv.ReadHeader())
            throw new InvalidDataException($"{System.IO.Path.GetFileName(path)} is empty: a header line is expected.");
        _columns = _csv.HeaderRecord!
            .Select((name, i) => (name: name.Trim().Trim('\uFEFF'), i))
            .GroupBy(c => c.name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
        _lastRawRow = _csv.Parser.RawRow;
    }

    public IReadOnlyCollection<string> Columns => _columns.Keys;

    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>The file line the current row starts on.</summary>
    public int Line { get; private set; }

    public bool Read()
    {
        if (!_csv.Read()) return false;
        Line = _lastRawRow + 1;
        _lastRawRow = _csv.Parser.RawRow;
        return true;
    }

    /// <summary>The raw field; empty when the column is absent or the row is short.</summary>
    public string Text(string column) =>
        _columns.TryGetValue(column, out var i) && i < _csv.Parser.Count ? _csv.Parser[i] ?? "" : "";

    public string Required(string column)
    {
        var value = Text(column).Trim();
        return value.Length > 0 ? value : throw new LineProblemException("MISSING_FIELD", $"'{column}' is empty.");
    }

    public string? Optional(string column) => Text(column).Trim() is { Length: > 0 } v ? v : null;

    public decimal Decimal(string column) => ParseDecimal(column, Required(column));

    public int Int(string column) => ParseInt(column, Required(column));

    public static decimal ParseDecimal(string column, string value) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new LineProblemException("BAD_NUMBER", $"'{column}' is not a number: \"{value}\".");

    public static int ParseInt(string column, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new LineProblemException("BAD_NUMBER", $"'{column}' is not a whole number: \"{value}\".");

    /// <summary>Counts the lines after the header fast (no parsing), for the progress bar's total; quoted line breaks make it an overestimate.</summary>
    public static int CountLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 16];
        long lines = 0;
        int read, last = '\n';
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }
        if (last != '\n') lines++;
        return (int)Math.Max(0, lines - 1);
    }

    public void Dispose()
    {
        _csv.Dispose();
        _reader.Dispose();
    }
}

/// <summary>Local wall-clock times of a source turned into instants in the source's IANA zone.</summary>
public static class LocalTimes
{
    /// <summary>
    /// The instant of a local time in <paramref name="zone"/>. A time that falls in a daylight-saving gap
    /// (never shown on a clock there) is read one hour later; an ambiguous one (shown twice) as standard time.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static DateTimeOffset Parse(string column, string value, string format, TimeZoneInfo zone) =>
        DateTime.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? ToInstant(local, zone)
            : throw new LineProblemException("BAD_TIME", $"'{column}' is not a time of the form {format}: \"{value}\".");

    /// <summary>ISO 8601 with an offset (<c>2026-03-01T18:05:00+09:00</c>, <c>...Z</c>); without one, local in <paramref name="zone"/> when given.</summary>
    public static DateTimeOffset ParseIso(string column, string value, TimeZoneInfo? zone)
    {
        var hasOffset = value.EndsWith('Z') || value.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(value, @"[+-]\d\d:?\d\d$");
        if (hasOffset && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            return instant;
        if (!hasOffset && zone is not null && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return ToInstant(local, zone);
        throw new LineProblemException("BAD_TIME", zone is null
            ? $"'{column}' is not an ISO 8601 time with an offset (e.g. 2026-03-01T18:05:00+09:00): \"{value}\"."
            : $"'{column}' is not an ISO 8601 time: \"{value}\".");
    }

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
}
