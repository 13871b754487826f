using System.Globalization;

namespace Es.Api.Regions;

/// <summary>
/// A count that may be too small to show: 1 to 4 are "&lt;5" with no value, so no one can be singled
/// out; 0 and 5 or more are shown. Made here, from the raw count, which it does not keep.
/// </summary>
public sealed record SuppressedCount
{
    public const int Threshold = 5;

    private SuppressedCount(int? value, string display) => (Value, Display) = (value, display);

    public int? Value { get; }

    public string Display { get; }

    public bool IsSuppressed => Value is null;

    public static SuppressedCount Of(long count) => count is > 0 and < Threshold
        ? new SuppressedCount(null, $"<{Threshold}")
        : new SuppressedCount(checked((int)count), count.ToString(CultureInfo.InvariantCulture));
}
