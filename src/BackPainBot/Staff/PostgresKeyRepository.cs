using System.Xml.Linq;
using BackPainBot.Handoffs;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace BackPainBot.Staff;

/// <summary>
/// The data-protection key ring (which signs the staff console's sign-in cookies and anti-forgery data) kept in the
/// shared PostgreSQL database, so a staff member signed in through one instance stays signed in on every other, and
/// keys survive any instance being replaced. With SQLite the keys stay in files beside the database.
/// </summary>
public sealed class PostgresKeyRepository : IXmlRepository
{
    /// <summary>The schema component of these tables in <c>schema_migrations</c>.</summary>
    public const string Component = "data_protection";

    private static readonly PostgresDatabase.Migration[] Migrations =
    [
        new(1, """
            CREATE TABLE data_protection_keys (
                friendly_name text        NOT NULL PRIMARY KEY,
                xml           text        NOT NULL,
                created_at    timestamptz NOT NULL DEFAULT now()
            );
            """),
    ];

    private readonly PostgresDatabase _database;

    public PostgresKeyRepository(PostgresDatabase database)
    {
        _database = database;
        database.Migrate(Component, Migrations);
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // The key manager calls this synchronously, rarely (at start-up and when keys roll).
        using var command = _database.DataSource.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name;");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentException.ThrowIfNullOrEmpty(friendlyName);
        // Two instances creating a key at the same moment keep both: each key has its own id in its name.
        using var command = _database.DataSource.CreateCommand(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING;");
        command.Parameters.Add(new NpgsqlParameter("name", friendlyName));
        command.Parameters.Add(new NpgsqlParameter("xml", element.ToString(SaveOptions.DisableFormatting)));
        command.ExecuteNonQuery();
    }
}
