using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Members;

/// <summary>
/// The member directory: one row per registered member with the public profile and the
/// verified-professional badge. Feeds join it for authors and badges, so a badge approved later
/// shows on older posts too.
/// </summary>
public sealed class MemberProjection : Projection
{
    public const string Table = "members";

    public override string Name => "members";

    /// <summary>2: photo_hash (ProfilePhotoChanged). A new build is made from the log beside the served one and swapped in.</summary>
    public override int Version => 2;

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "MemberRegistered", "ProfileUpdated", "MemberDeactivated",
        "ProfessionalVerificationRequested", "ProfessionalVerified", "ProfessionalVerificationRejected",
        "ProfilePhotoChanged",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Table, """
            member_id      uuid        PRIMARY KEY,
            handle         text        NOT NULL,
            display_name   text        NOT NULL,
            region         text        NOT NULL,
            conditions     text[]      NOT NULL,
            birth_year     int         NOT NULL,
            registered_at  timestamptz NOT NULL,
            deactivated    boolean     NOT NULL DEFAULT false,
            verification   text        NOT NULL DEFAULT 'none',
            profession     text,
            verified_at    timestamptz,
            photo_hash     text
            """,
            "CREATE UNIQUE INDEX ON {table} (lower(handle))",
            "CREATE INDEX ON {table} (region)"),
    ];

    public override IEnumerable<string> KeysOf(RecordedEvent e) => [MemberIdOf(e.Data).ToString()];

    private static Guid MemberIdOf(object data) => data switch
    {
        MemberRegistered m => m.MemberId,
        ProfileUpdated m => m.MemberId,
        MemberDeactivated m => m.MemberId,
        ProfessionalVerificationRequested m => m.MemberId,
        ProfessionalVerified m => m.MemberId,
        ProfessionalVerificationRejected m => m.MemberId,
        ProfilePhotoChanged m => m.MemberId,
        _ => throw new ArgumentException($"members does not handle {data.GetType().Name}"),
    };

    private const string Register = """
        INSERT INTO {t} (member_id, handle, display_name, region, conditions, birth_year, registered_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (member_id) DO NOTHING
        """;
    private const string Profile = "UPDATE {t} SET display_name = ?, region = ?, conditions = ? WHERE member_id = ?";
    private const string Deactivate = "UPDATE {t} SET deactivated = true WHERE member_id = ?";
    private const string Requested = "UPDATE {t} SET verification = 'pending', profession = ? WHERE member_id = ?";
    private const string Verified = "UPDATE {t} SET verification = 'verified', profession = ?, verified_at = ? WHERE member_id = ?";
    private const string Rejected = "UPDATE {t} SET verification = 'rejected' WHERE member_id = ?";
    private const string Photo = "UPDATE {t} SET photo_hash = ? WHERE member_id = ?";

    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        var t = batch.Table(Table);
        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case MemberRegistered e:
                    batch.Execute(Register.Replace("{t}", t), e.MemberId, e.Handle, e.DisplayName, e.Region, e.ConditionsOfInterest.ToArray(), e.BirthYear, e.RegisteredAt);
                    break;
                case ProfileUpdated e:
                    batch.Execute(Profile.Replace("{t}", t), e.DisplayName, e.Region, e.ConditionsOfInterest.ToArray(), e.MemberId);
                    break;
                case MemberDeactivated e:
                    batch.Execute(Deactivate.Replace("{t}", t), e.MemberId);
                    break;
                case ProfessionalVerificationRequested e:
                    batch.Execute(Requested.Replace("{t}", t), e.Profession, e.MemberId);
                    break;
                case ProfessionalVerified e:
                    batch.Execute(Verified.Replace("{t}", t), e.Profession, e.VerifiedAt, e.MemberId);
                    break;
                case ProfessionalVerificationRejected e:
                    batch.Execute(Rejected.Replace("{t}", t), e.MemberId);
                    break;
                case ProfilePhotoChanged e:
                    batch.Execute(Photo.Replace("{t}", t), e.PhotoHash, e.MemberId);
                    break;
            }
        }
        return Task.CompletedTask;
    }
}
