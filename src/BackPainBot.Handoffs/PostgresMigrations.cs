namespace BackPainBot.Handoffs;

/// <summary>
/// Versioned schema of the handoff stores on PostgreSQL: three components, each its own numbered series in
/// <c>schema_migrations</c> (<see cref="PostgresDatabase.Migrate"/>). Append new migrations; never edit a released one.
/// The tables mirror <see cref="SqliteMigrations"/> with PostgreSQL's own types: <c>uuid</c> ids, <c>timestamptz</c>
/// instants (with the offset kept beside the handoff's own times, which are in the clinic's zone), <c>boolean</c> flags,
/// identity keys, and text for the JSON lists so that what the serializer wrote reads back exactly.
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>Component name of the handoff table.</summary>
    public const string HandoffsComponent = "handoffs";

    /// <summary>Component name of staff accounts and the console's workflow.</summary>
    public const string StaffComponent = "staff";

    /// <summary>Component name of the notification outbox and its destinations.</summary>
    public const string NotificationsComponent = "notifications";

    public static IReadOnlyList<PostgresDatabase.Migration> Handoffs { get; } =
    [
        new(1, """
            CREATE TABLE handoffs (
                id                     uuid        NOT NULL PRIMARY KEY,
                conversation_id        text        NOT NULL,
                channel                text        NOT NULL,
                level                  text        NOT NULL,
                level_rank             integer     NOT NULL,
                status                 text        NOT NULL,
                reason                 text        NOT NULL DEFAULT 'booking',
                question               text        NULL,
                contact_name           text        NULL,
                contact_phone          text        NULL,
                contact_email          text        NULL,
                preferred_time         timestamptz NULL,
                preferred_time_offset  smallint    NULL,
                created_at             timestamptz NOT NULL,
                created_at_offset      smallint    NOT NULL,
                updated_at             timestamptz NOT NULL,
                updated_at_offset      smallint    NOT NULL,
                flags                  text        NOT NULL DEFAULT '[]',
                transcript             text        NOT NULL DEFAULT '[]',
                triage_audit           text        NOT NULL DEFAULT '[]',
                conversation_reference text        NULL
            );
            CREATE INDEX ix_handoffs_queue ON handoffs (level_rank DESC, created_at, id);
            """),

        // What a patient without a date and time said about it: 'asap' or 'no-preference' (Handoff.TimePreference).
        // Null for handoffs written before, and by builds that do not know the column: nothing is known about the time.
        new(2, """
            ALTER TABLE handoffs ADD COLUMN time_preference text NULL;
            """),
    ];

    public static IReadOnlyList<PostgresDatabase.Migration> Staff { get; } =
    [
        // Accounts, the workflow's audit trail, notes, transcript views, live takeover and retention. Names are unique
        // ignoring case, as SQLite's COLLATE NOCASE makes them.
        new(1, """
            CREATE TABLE staff_users (
                id             uuid        NOT NULL PRIMARY KEY,
                user_name      text        NOT NULL,
                role           text        NOT NULL,
                password_hash  text        NOT NULL,
                security_stamp text        NOT NULL,
                disabled       boolean     NOT NULL DEFAULT false,
                created_at     timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX ux_staff_users_name ON staff_users (lower(user_name));
            CREATE TABLE handoff_events (
                id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                handoff_id  uuid        NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
                at          timestamptz NOT NULL,
                actor       text        NOT NULL,
                kind        text        NOT NULL,
                from_status text        NULL,
                to_status   text        NULL,
                detail      text        NULL
            );
            CREATE INDEX ix_handoff_events_handoff ON handoff_events (handoff_id, id);
            CREATE TABLE handoff_notes (
                id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                handoff_id uuid        NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
                at         timestamptz NOT NULL,
                author     text        NOT NULL,
                text       text        NOT NULL
            );
            CREATE INDEX ix_handoff_notes_handoff ON handoff_notes (handoff_id, id);
            CREATE TABLE transcript_views (
                id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                handoff_id uuid        NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
                at         timestamptz NOT NULL,
                viewer     text        NOT NULL,
                via        text        NOT NULL
            );
            CREATE INDEX ix_transcript_views_handoff ON transcript_views (handoff_id, id);
            ALTER TABLE handoffs
                ADD COLUMN claimed_by           text        NULL,
                ADD COLUMN takeover_by          text        NULL,
                ADD COLUMN transcript_purged_at timestamptz NULL;
            """),

        // Failed console sign-ins, counted across instances (per account and per address); rows older than the sign-in
        // window are deleted as new ones arrive.
        new(2, """
            CREATE TABLE staff_sign_in_failures (
                key       text        NOT NULL,
                failed_at timestamptz NOT NULL
            );
            CREATE INDEX ix_staff_sign_in_failures_key ON staff_sign_in_failures (key, failed_at DESC);
            """),
    ];

    public static IReadOnlyList<PostgresDatabase.Migration> Notifications { get; } =
    [
        // Staff notifications (Notifications/PostgresNotificationOutbox.cs). No foreign key to handoffs: a save writes its
        // outbox rows before the handoff row, and a row outlives a handoff that is gone (the worker cancels it). The due
        // index covers only pending rows, the ones a claim scans.
        new(1, """
            CREATE TABLE notification_destinations (
                name           text        NOT NULL PRIMARY KEY,
                kind           text        NOT NULL,
                min_level_rank integer     NOT NULL DEFAULT 0,
                enabled        boolean     NOT NULL DEFAULT true,
                updated_at     timestamptz NOT NULL
            );
            CREATE TABLE notification_outbox (
                id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                handoff_id       uuid        NOT NULL,
                destination      text        NOT NULL,
                event            text        NOT NULL,
                idempotency_key  text        NOT NULL UNIQUE,
                priority         integer     NOT NULL,
                status           text        NOT NULL DEFAULT 'pending',
                attempts         integer     NOT NULL DEFAULT 0,
                next_attempt_at  timestamptz NOT NULL,
                lease_owner      text        NULL,
                lease_until      timestamptz NULL,
                last_attempt_at  timestamptz NULL,
                last_status_code integer     NULL,
                last_error       text        NULL,
                created_at       timestamptz NOT NULL,
                delivered_at     timestamptz NULL,
                UNIQUE (handoff_id, destination, event)
            );
            CREATE INDEX ix_notification_outbox_due ON notification_outbox (priority DESC, next_attempt_at, id)
                WHERE status = 'pending';
            CREATE INDEX ix_notification_outbox_handoff ON notification_outbox (handoff_id);
            CREATE TABLE notification_staff_channels (
                destination            text        NOT NULL PRIMARY KEY,
                conversation_reference text        NOT NULL,
                team_id                text        NULL,
                channel_id             text        NULL,
                chosen_by              text        NULL,
                chosen_at              timestamptz NOT NULL
            );
            """),
    ];

    /// <summary>
    /// Brings all three components up to date, in dependency order (the staff tables reference handoffs; a handoff save
    /// writes the outbox; the staff queue reads it). Every store runs it on opening, so whichever opens first creates the
    /// schema; after that it is three quick no-ops.
    /// </summary>
    /// <exception cref="InvalidOperationException">The database was migrated by a newer build of the bot.</exception>
    public static void Apply(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        database.Migrate(HandoffsComponent, Handoffs);
        database.Migrate(StaffComponent, Staff);
        database.Migrate(NotificationsComponent, Notifications);
    }
}
