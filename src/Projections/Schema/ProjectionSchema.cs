using Es.EventStore.Schema;
using Npgsql;

namespace Es.Projections.Schema;

/// <summary>
/// Es's tables beside Marten's: one row per build (generation) of each projection, the operators'
/// control of each projection (paused, the event it failed on), and the log of skipped events.
/// Marten's daemon keeps the live checkpoints (<c>mt_event_progression</c>); a build's own
/// checkpoint here is the rebuild runner's. Numbered migrations, each applied once under an
/// advisory lock; a released migration is never edited.
/// </summary>
public static class ProjectionSchema
{
    internal static readonly string[] Migrations =
    [
        """
        -- One row per build of a projection. Exactly one build per name is current: the views
        -- named after its tables point at it. A build being made beside it has is_current false.
        CREATE TABLE {schema}.projection_generations (
            name                text        NOT NULL,
            generation          integer     NOT NULL,
            version             integer     NOT NULL,
            mode                text        NOT NULL,
            shards              integer     NOT NULL,
            tables              text[]      NOT NULL,
            is_current          boolean     NOT NULL DEFAULT false,
            rebuild_started_at  timestamptz,
            created_at          timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (name, generation)
        );
        CREATE UNIQUE INDEX projection_generations_current ON {schema}.projection_generations (name) WHERE is_current;

        -- The checkpoint of one shard of one build, written in the same transaction as the batch it ends.
        CREATE TABLE {schema}.projection_progress (
            name                text             NOT NULL,
            generation          integer          NOT NULL,
            shard               integer          NOT NULL,
            status              text             NOT NULL DEFAULT 'running',  -- running | paused | failed
            tx_id               xid8             NOT NULL DEFAULT '0',
            seq                 bigint           NOT NULL DEFAULT 0,
            caught_up           boolean          NOT NULL DEFAULT false,
            events_processed    bigint           NOT NULL DEFAULT 0,  -- log events the checkpoint has passed
            events_per_second   double precision NOT NULL DEFAULT 0,
            owner               text,
            last_error          text,
            failed_event_id     uuid,
            failed_tx_id        xid8,
            failed_seq          bigint,
            failed_event_type   text,
            failed_stream_id    text,
            failed_at           timestamptz,
            updated_at          timestamptz      NOT NULL DEFAULT now(),
            PRIMARY KEY (name, generation, shard),
            FOREIGN KEY (name, generation) REFERENCES {schema}.projection_generations ON DELETE CASCADE
        );

        -- Every event an operator chose to skip, and why: the read model lacks it on purpose.
        CREATE TABLE {schema}.projection_skips (
            id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name        text        NOT NULL,
            generation  integer     NOT NULL,
            shard       integer     NOT NULL,
            event_id    uuid        NOT NULL,
            tx_id       xid8        NOT NULL,
            seq         bigint      NOT NULL,
            event_type  text        NOT NULL,
            stream_id   text        NOT NULL,
            error       text,
            skipped_by  text,
            reason      text,
            skipped_at  timestamptz NOT NULL DEFAULT now()
        );
        """,
        """
        -- Es on Marten (issue 10): the live checkpoint is Marten's; Es's own daemon and its
        -- per-shard progress are gone, and a build's row carries the rebuild runner's checkpoint.
        DROP TABLE {schema}.projection_progress;
        DROP TABLE {schema}.projection_skips;
        DROP TABLE {schema}.projection_generations;

        CREATE TABLE {schema}.projection_builds (
            name                text             NOT NULL,
            generation          integer          NOT NULL,
            version             integer          NOT NULL,
            mode                text             NOT NULL,
            tables              text[]           NOT NULL,
            is_current          boolean          NOT NULL DEFAULT false,
            checkpoint          bigint           NOT NULL DEFAULT 0,  -- the rebuild runner's position (seq_id)
            events_processed    bigint           NOT NULL DEFAULT 0,
            events_per_second   double precision NOT NULL DEFAULT 0,
            runner              text,
            last_error          text,
            rebuild_started_at  timestamptz,
            swapped_at          timestamptz,
            created_at          timestamptz      NOT NULL DEFAULT now(),
            updated_at          timestamptz      NOT NULL DEFAULT now(),
            PRIMARY KEY (name, generation)
        );
        CREATE UNIQUE INDEX projection_builds_current ON {schema}.projection_builds (name) WHERE is_current;

        -- What operators asked of a projection, and the event it stopped on.
        CREATE TABLE {schema}.projection_control (
            name                text        PRIMARY KEY,
            status              text        NOT NULL DEFAULT 'running',  -- running | paused | failed
            last_error          text,
            failed_event_id     uuid,
            failed_seq          bigint,
            failed_event_type   text,
            failed_stream_id    text,
            failed_at           timestamptz,
            updated_at          timestamptz NOT NULL DEFAULT now()
        );

        -- Every event an operator chose to skip, and why: the read model lacks it on purpose.
        CREATE TABLE {schema}.projection_skips (
            id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name        text        NOT NULL,
            event_id    uuid        NOT NULL,
            seq         bigint      NOT NULL,
            event_type  text        NOT NULL,
            stream_id   text        NOT NULL,
            error       text,
            skipped_by  text,
            reason      text,
            skipped_at  timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX ON {schema}.projection_skips (name);

        -- A table that takes writes and keeps nothing: what a version's writer view points at while
        -- another version's build is current (or no build is yet), so writes of that version vanish.
        CREATE FUNCTION {schema}.es_discard_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
        """,
    ];

    /// <summary>Applies every pending migration in one transaction. Safe from many processes at once.</summary>
    public static Task<int> MigrateAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct = default) =>
        SchemaMigrator.MigrateAsync(dataSource, schema, "es-projection-schema", "projection_migrations", Migrations, ct);
}
