namespace BackPainBot.Handoffs;

/// <summary>Opens the staff accounts and console workflow store beside the configured handoff store.</summary>
public static class StaffStoreFactory
{
    /// <summary>Creates the store for <see cref="StorageOptions.Provider"/>, running the schema migrations.</summary>
    /// <param name="contentRoot">Absolute folder a relative <see cref="StorageOptions.DataDirectory"/> is resolved against.</param>
    /// <param name="postgres">The process's shared database, as for <see cref="HandoffStoreFactory.Create"/>.</param>
    /// <exception cref="ArgumentException">The provider is unknown.</exception>
    public static IStaffStore Create(StorageOptions options, string contentRoot, Func<PostgresDatabase>? postgres = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRoot);
        return HandoffStoreFactory.ProviderOf(options) switch
        {
            HandoffStoreFactory.Postgres => new PostgresStaffStore(HandoffStoreFactory.SharedDatabase(postgres)),
            _ => SqliteStaffStore.OpenDataDirectory(HandoffStoreFactory.DataDirectory(options, contentRoot)),
        };
    }
}
