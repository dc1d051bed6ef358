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

    /// <summary>Creates the configured store, running its schema migrations.</summary>
    /// <param name="options">The <c>Storage</c> settings.</param>
    /// <param name="contentRoot">Absolute folder a relative <see cref="StorageOptions.DataDirectory"/> is resolved against.</param>
    /// <exception cref="ArgumentException">The provider is unknown (the message lists the valid ones), or a path is not usable.</exception>
    public static IHandoffStore Create(StorageOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRoot);

        if (string.Equals(options.Provider?.Trim(), Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory, nameof(options));
            var dataDirectory = Path.GetFullPath(options.DataDirectory, contentRoot);
            return SqliteHandoffStore.OpenDataDirectory(dataDirectory);
        }

        throw new ArgumentException(
            $"Unknown storage provider '{options.Provider}' in {StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}. " +
            $"Valid values: {string.Join(", ", Providers)}.",
            nameof(options));
    }
}
