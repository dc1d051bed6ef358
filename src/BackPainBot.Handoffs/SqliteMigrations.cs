using Microsoft.Data.Sqlite;

namespace BackPainBot.Handoffs;

/// <summary>Versioned schema of the SQLite handoff store. Append new migrations; never edit a released one.</summary>
internal static class SqliteMigrations
{
    public sealed record Migration(int Version, string Sql);

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, """
            CREATE TABLE handoffs (
                id                   TEXT    NOT NULL PRIMARY KEY,
                conversation_id      TEXT    NOT NULL,
                channel              TEXT    NOT NULL,
                level                TEXT    NOT NULL,
                level_rank           INTEGER NOT NULL,
                status               TEXT    NOT NULL,
                contact_name         TEXT    NULL,
                contact_phone        TEXT    NULL,
                contact_email        TEXT    NULL,
                preferred_time       TEXT    NULL,
                created_at           TEXT    NOT NULL,
                created_at_utc_ticks INTEGER NOT NULL,
                updated_at           TEXT    NOT NULL,
                flags                TEXT    NOT NULL DEFAULT '[]',
                transcript           TEXT    NOT NULL DEFAULT '[]',
                triage_audit         TEXT    NOT NULL DEFAULT '[]'
            );
            CREATE INDEX ix_handoffs_queue ON handoffs (level_rank DESC, created_at_utc_ticks, id);
            """),
        new(2, """
            ALTER TABLE handoffs ADD COLUMN reason TEXT NOT NULL DEFAULT 'booking';
            ALTER TABLE handoffs ADD COLUMN question TEXT NULL;
            """),

        // Staff console: accounts, the workflow's audit trail, notes, transcript views, live takeover and retention.
        new(3, """
            CREATE TABLE staff_users (
                id             TEXT    NOT NULL PRIMARY KEY,
                user_name      TEXT    NOT NULL COLLATE NOCASE UNIQUE,
                role           TEXT    NOT NULL,
                password_hash  TEXT    NOT NULL,
                security_stamp TEXT    NOT NULL,
                disabled       INTEGER NOT NULL DEFAULT 0,
                created_at     TEXT    NOT NULL
            );
            CREATE TABLE handoff_events (
                id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                handoff_id  TEXT    NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
                at          TEXT    NOT NULL,
                actor       TEXT    NOT NULL,
                kind        TEXT    NOT NULL,
                from_status TEXT    NULL,
                to_status   TEXT    NULL,
                detail      TEXT    NULL
            );
            CREATE INDEX ix_handoff_events_handoff ON handoff_events (handoff_id, id);
            CREATE TABLE handoff_notes (
                id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                handoff_id TEXT    NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
                at         TEXT    NOT NULL,
                author     TEXT    NOT NULL,
                text       TEXT    NOT NULL
            );
            CREATE INDEX ix_handoff_notes_handoff ON handoff_notes (handoff_id, id);
            CREATE TABLE transcript_views (
                id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                handoff_id  TEXT    NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
                at          TEXT    NOT NULL,
                viewer      TEXT    NOT NULL,
                via         TEXT    NOT NULL
            );
            CREATE INDEX ix_transcript_views_handoff ON transcript_views (handoff_id, id);
            ALTER TABLE handoffs ADD COLUMN conversation_reference TEXT NULL;
            ALTER TABLE handoffs ADD COLUMN claimed_by TEXT NULL;
            ALTER TABLE handoffs ADD COLUMN takeover_by TEXT NULL;
            ALTER TABLE handoffs ADD COLUMN transcript_purged_at TEXT NULL;
            """),
        // Staff notifications (Notifications/SqliteNotificationOutbox.cs): the destinations configured at start-up, one
        // outbox row per handoff event and destination written in the handoff's own transaction, and the Teams channel
        // chosen for the staff-channel destination. Times compared in SQL are UTC ticks; the others ISO 8601 text.
        new(4, """
            CREATE TABLE notification_destinations (
                name           TEXT    NOT NULL PRIMARY KEY,
                kind           TEXT    NOT NULL,
                min_level_rank INTEGER NOT NULL DEFAULT 0,
                enabled        INTEGER NOT NULL DEFAULT 1,
                updated_at     TEXT    NOT NULL
            );
            CREATE TABLE notification_outbox (
                id                    INTEGER PRIMARY KEY AUTOINCREMENT,
                handoff_id            TEXT    NOT NULL,
                destination           TEXT    NOT NULL,
                event                 TEXT    NOT NULL,
                idempotency_key       TEXT    NOT NULL UNIQUE,
                priority              INTEGER NOT NULL,
                status                TEXT    NOT NULL DEFAULT 'pending',
                attempts              INTEGER NOT NULL DEFAULT 0,
                next_attempt_at_ticks INTEGER NOT NULL,
                lease_owner           TEXT    NULL,
                lease_until_ticks     INTEGER NULL,
                last_attempt_at       TEXT    NULL,
                last_status_code      INTEGER NULL,
                last_error            TEXT    NULL,
                created_at            TEXT    NOT NULL,
                delivered_at          TEXT    NULL,
                UNIQUE (handoff_id, destination, event)
            );
            CREATE INDEX ix_notification_outbox_due ON notification_outbox (status, priority DESC, next_attempt_at_ticks, id);
            CREATE INDEX ix_notification_outbox_handoff ON notification_outbox (handoff_id);
            CREATE TABLE notification_staff_channels (
                destination            TEXT NOT NULL PRIMARY KEY,
                conversation_reference TEXT NOT NULL,
                team_id                TEXT NULL,
                channel_id             TEXT NULL,
                chosen_by              TEXT NULL,
                chosen_at              TEXT NOT NULL
            );
            """),

        // Bot conversation state (State/SqliteConversationStateStore.cs): one row per state key, the state as UTF-8
        // JSON, an ETag that changes on every write, and the last write as UTC ticks for idle expiry.
        new(5, """
            CREATE TABLE bot_state (
                key              TEXT    NOT NULL PRIMARY KEY,
                state            BLOB    NOT NULL,
                etag             TEXT    NOT NULL,
                updated_at_ticks INTEGER NOT NULL
            );
            CREATE INDEX ix_bot_state_updated ON bot_state (updated_at_ticks);
            """),

        // Version 5 is the bot state's. Direct Line (the host's SqliteDirectLineStore): each conversation's owner, the
        // number its next activity gets, the oldest number still kept, the kept activities' size and its last use (UTC
        // ticks); its activities as the JSON clients receive. Activities are deleted with their conversation by the store
        // itself (foreign keys are not enforced on these connections).
        new(6, """
            CREATE TABLE directline_conversations (
                id                TEXT    NOT NULL PRIMARY KEY,
                user_id           TEXT    NOT NULL,
                next_number       INTEGER NOT NULL DEFAULT 0,
                first_number      INTEGER NOT NULL DEFAULT 0,
                bytes             INTEGER NOT NULL DEFAULT 0,
                last_active_ticks INTEGER NOT NULL
            );
            CREATE INDEX ix_directline_conversations_last_active ON directline_conversations (last_active_ticks);
            CREATE TABLE directline_activities (
                conversation_id TEXT    NOT NULL,
                number          INTEGER NOT NULL,
                size            INTEGER NOT NULL,
                body            TEXT    NOT NULL,
                PRIMARY KEY (conversation_id, number)
            );
            """),

        // What a patient without a date and time said about it: 'asap' or 'no-preference' (Handoff.TimePreference).
        // Null for handoffs written before, and by builds that do not know the column: nothing is known about the time.
        new(7, """
            ALTER TABLE handoffs ADD COLUMN time_preference TEXT NULL;
            """),
    ];

    public static int LatestVersion => All[^1].Version;

    /// <summary>Brings the schema up to <see cref="LatestVersion"/>; a no-op when it is already there.</summary>
    /// <exception cref="InvalidOperationException">The database was written by a newer build of the bot.</exception>
    public static void Apply(SqliteConnection connection)
    {
        // BEGIN IMMEDIATE takes the write lock before reading the version, so two processes starting together cannot both
        // decide to run the same migration.
        using var transaction = connection.BeginTransaction(deferred: false);

        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER NOT NULL PRIMARY KEY,
                applied_at TEXT    NOT NULL
            );
            """);

        var applied = AppliedVersions(connection, transaction);
        var current = applied.Count == 0 ? 0 : applied.Max();
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The handoff database is at schema version {current}, newer than this build supports ({LatestVersion}). " +
                "Upgrade the bot instead of running an older build against this database.");
        }

        // Every migration not yet recorded, not only those above the highest: series developed side by side (bot state
        // took 5, Direct Line 6) may reach a database in either order, and each touches only its own tables.
        foreach (var migration in All.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            Execute(connection, transaction, migration.Sql);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = """
                INSERT INTO schema_version (version, applied_at)
                VALUES ($version, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
                """;
            record.Parameters.AddWithValue("$version", migration.Version);
            record.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static HashSet<int> AppliedVersions(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM schema_version;";
        var versions = new HashSet<int>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
