using System.Globalization;

namespace Es.Domain;

/// <summary>
/// The community's calendar: what "a day", "an ISO week" and "a month" mean for activity and
/// visits. The community is Korean, so days run midnight to midnight in Seoul (UTC+09:00, no
/// daylight saving), not in UTC: an action at 08:30 Seoul time belongs to that Seoul day, not to
/// the UTC day before. Change <see cref="TimeZoneId"/> for another community; the activity
/// projection must then be rebuilt (bump its version), as its stored days were cut in this zone.
/// </summary>
public static class CommunityCalendar
{
    /// <summary>An IANA time zone id.</summary>
    public const string TimeZoneId = "Asia/Seoul";

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>The community day an instant falls on.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The Monday of the ISO week <paramref name="day"/> is in.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>"2026-W49" for the ISO week <paramref name="day"/> is in.</summary>
    public static string IsoWeekOf(DateOnly day)
    {
        var dt = day.ToDateTime(TimeOnly.MinValue);
        return $"{ISOWeek.GetYear(dt):D4}-W{ISOWeek.GetWeekOfYear(dt):D2}";
    }

    /// <summary>The Monday of an ISO week written "2026-W49"; false when it is not one.</summary>
    public static bool TryParseIsoWeek(string text, out DateOnly monday)
    {
        monday = default;
        if (text.Length != 8 || text[4] != '-' || text[5] != 'W'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            || year < 1 || year > 9998 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
            return false;
        monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return true;
    }

    /// <summary>The first day of a month written "2026-11"; false when it is not one.</summary>
    public static bool TryParseMonth(string text, out DateOnly first)
    {
        first = default;
        if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return false;
        first = day;
        return true;
    }
}
