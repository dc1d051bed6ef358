namespace BackPainBot.Handoffs;

/// <summary>Opens the staff accounts and console workflow store beside the configured handoff store.</summary>
public static class StaffStoreFactory
{
    /// <summary>Creates the store for <see cref="StorageOptions.Provider"/>, running the schema migrations.</summary>
    /// <param name="contentRoot">Absolute folder a relative <see cref="StorageOptions.DataDirectory"/> is resolved against.</param>
    /// <exception cref="ArgumentException">The provider is unknown.</exception>
    public static SqliteStaffStore Create(StorageOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRoot);
        if (!string.Equals(options.Provider?.Trim(), HandoffStoreFactory.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"Unknown storage provider '{options.Provider}'. Valid values: {string.Join(", ", HandoffStoreFactory.Providers)}.",
                nameof(options));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory, nameof(options));
        return SqliteStaffStore.OpenDataDirectory(Path.GetFullPath(options.DataDirectory, contentRoot));
    }
}
