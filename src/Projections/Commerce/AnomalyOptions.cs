using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Es.Projections.Commerce;

/// <summary>
/// The thresholds of the anomaly rules (configuration <c>Es:Anomalies</c>; docs/anomalies.md).
/// They shape the flags the projection stores, so changing one makes a new version of the
/// projection (<see cref="AnomalyRuleVersions"/>): it is rebuilt beside the served build and swapped in.
/// </summary>
public sealed class AnomalyOptions
{
    /// <summary>Rule duplicate_sale: the same card, merchant and amount again within this long (either way in time).</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Rule amount_outlier: how many of the merchant's previous sales (same currency, not cancelled) make its history.</summary>
    public int AmountHistory { get; set; } = 50;

    /// <summary>Rule amount_outlier: no judgement before the merchant has this many previous sales.</summary>
    public int AmountMinHistory { get; set; } = 20;

    /// <summary>Rule amount_outlier: flagged when |x − median| / (1.4826 · MAD) exceeds this.</summary>
    public double AmountThreshold { get; set; } = 8;

    /// <summary>Rule ticket_shift: flagged when the day's average ticket is at least this many times the trailing level, or at most its inverse.</summary>
    public double TicketRatio { get; set; } = 1.6;

    /// <summary>Rule ticket_shift: the days before the judged day that make the trailing level.</summary>
    public int TicketTrailingDays { get; set; } = 7;

    /// <summary>Rule ticket_shift: a day with fewer counted sales is not judged (too few to average).</summary>
    public int TicketMinDaySales { get; set; } = 8;

    /// <summary>Rule ticket_shift: nor is a day whose trailing days hold fewer counted sales.</summary>
    public int TicketMinTrailingSales { get; set; } = 30;

    /// <summary>Rule repeated_amount: how many sales in a row of one card at one merchant, same amount and local day, make a run.</summary>
    public int RepeatCount { get; set; } = 3;

    /// <summary>Rule implausible_delivery: delivered sooner than this after placing.</summary>
    public double MinDeliveryMinutes { get; set; } = 5;

    /// <summary>Rule implausible_delivery: delivered later than this after placing.</summary>
    public double MaxDeliveryMinutes { get; set; } = 240;

    /// <summary>Rule implausible_delivery: the courier's speed, distance over the time from pick-up (or placing) to delivery, above this.</summary>
    public double MaxCourierKmh { get; set; } = 60;

    public void Validate()
    {
        if (DuplicateWindow <= TimeSpan.Zero) throw new ArgumentException("Es:Anomalies:DuplicateWindow must be positive.");
        if (AmountHistory < 3 || AmountMinHistory < 3 || AmountMinHistory > AmountHistory)
            throw new ArgumentException("Es:Anomalies:AmountMinHistory must be between 3 and AmountHistory.");
        if (AmountThreshold <= 0) throw new ArgumentException("Es:Anomalies:AmountThreshold must be positive.");
        if (TicketRatio <= 1) throw new ArgumentException("Es:Anomalies:TicketRatio must be above 1.");
        if (TicketTrailingDays < 1 || TicketMinDaySales < 1 || TicketMinTrailingSales < 1)
            throw new ArgumentException("Es:Anomalies: the ticket_shift minimums must be at least 1.");
        if (RepeatCount is < 2 or > 20) throw new ArgumentException("Es:Anomalies:RepeatCount must be between 2 and 20.");
        if (MinDeliveryMinutes < 0 || MaxDeliveryMinutes <= MinDeliveryMinutes || MaxCourierKmh <= 0)
            throw new ArgumentException("Es:Anomalies: delivery bounds must satisfy 0 ≤ MinDeliveryMinutes < MaxDeliveryMinutes and MaxCourierKmh > 0.");
    }

    /// <summary>Every threshold in a fixed order and format: equal options, equal text.</summary>
    public string Canonical() => string.Join(";", new[]
    {
        $"DuplicateWindow={DuplicateWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s",
        $"AmountHistory={AmountHistory}", $"AmountMinHistory={AmountMinHistory}",
        $"AmountThreshold={AmountThreshold.ToString("R", CultureInfo.InvariantCulture)}",
        $"TicketRatio={TicketRatio.ToString("R", CultureInfo.InvariantCulture)}", $"TicketTrailingDays={TicketTrailingDays}",
        $"TicketMinDaySales={TicketMinDaySales}", $"TicketMinTrailingSales={TicketMinTrailingSales}",
        $"RepeatCount={RepeatCount}",
        $"MinDeliveryMinutes={MinDeliveryMinutes.ToString("R", CultureInfo.InvariantCulture)}",
        $"MaxDeliveryMinutes={MaxDeliveryMinutes.ToString("R", CultureInfo.InvariantCulture)}",
        $"MaxCourierKmh={MaxCourierKmh.ToString("R", CultureInfo.InvariantCulture)}",
    });

    /// <summary>A short hash of <see cref="Canonical"/>: the identity of a rule set.</summary>
    public string Fingerprint() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical())))[..16];
}
