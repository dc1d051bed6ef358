namespace BackPainBot.Handoffs;

/// <summary>Chooses the handoff store named by <see cref="StorageOptions.Provider"/>.</summary>
public static class HandoffStoreFactory
{
    /// <summary>Provider name of the single-file SQLite store (the default).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>Provider name of the shared PostgreSQL database (several instances).</summary>
    public const string Postgres = "postgres";

    /// <summary>Every value <see cref="StorageOptions.Provider"/> accepts (compared case-insensitively).</summary>
    public static IReadOnlyList<string> Providers { get; } = [Sqlite, Postgres];

    /// <summary>Whether <paramref name="provider"/> names a known provider; for validating options at start-up.</summary>
    public static bool IsKnownProvider(string? provider) =>
        Providers.Contains(provider?.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The configured provider as one of <see cref="Providers"/> (<see cref="Sqlite"/> or <see cref="Postgres"/>).</summary>
    /// <exception cref="ArgumentException">The provider is unknown; the message lists the valid ones.</exception>
    public static string ProviderOf(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Providers.FirstOrDefault(p => string.Equals(p, options.Provider?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"Unknown storage provider '{options.Provider}' in {StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}. " +
                $"Valid values: {string.Join(", ", Providers)}.",
                nameof(options));
    }

    /// <summary>Creates the configured store, running its schema migrations.</summary>
    /// <param name="options">The <c>Storage</c> settings.</param>
    /// <param name="contentRoot">Absolute folder a relative <see cref="StorageOptions.DataDirectory"/> is resolved against.</param>
    /// <param name="postgres">
    /// The process's one <see cref="PostgresDatabase"/>, shared by every PostgreSQL store; called only for the
    /// <c>postgres</c> provider, so a SQLite set-up never opens a connection string.
    /// </param>
    /// <exception cref="ArgumentException">The provider is unknown (the message lists the valid ones), or a path is not usable.</exception>
    /// <exception cref="InvalidOperationException">The PostgreSQL database cannot be reached, or its schema is newer than this build.</exception>
    public static IHandoffStore Create(StorageOptions options, string contentRoot, Func<PostgresDatabase>? postgres = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRoot);
        return ProviderOf(options) switch
        {
            Postgres => new PostgresHandoffStore(SharedDatabase(postgres)),
            _ => SqliteHandoffStore.OpenDataDirectory(DataDirectory(options, contentRoot)),
        };
    }

    /// <summary>The absolute data directory of the SQLite provider.</summary>
    internal static string DataDirectory(StorageOptions options, string contentRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory, nameof(options));
        return Path.GetFullPath(options.DataDirectory, contentRoot);
    }

    /// <summary>
    /// The shared database for a PostgreSQL store. Never one per store: each would have its own connection pool, and the
    /// caller owns (and disposes) the one there is.
    /// </summary>
    internal static PostgresDatabase SharedDatabase(Func<PostgresDatabase>? postgres) =>
        postgres?.Invoke() ?? throw new ArgumentNullException(
            nameof(postgres),
            $"The '{Postgres}' provider needs the process's shared {nameof(PostgresDatabase)}, which every PostgreSQL store uses.");
}
