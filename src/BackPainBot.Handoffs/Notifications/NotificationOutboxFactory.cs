namespace BackPainBot.Handoffs.Notifications;

/// <summary>Opens the notification outbox beside a handoff store, in the same database.</summary>
public static class NotificationOutboxFactory
{
    /// <summary>
    /// The outbox <paramref name="store"/> queues notifications into: the rows are written in the store's own save
    /// transaction, and the outbox's <see cref="INotificationOutbox.NotificationsQueued"/> is the store's.
    /// </summary>
    /// <param name="store">The provider's own store, as <see cref="HandoffStoreFactory.Create"/> made it (not a wrapper).</param>
    /// <exception cref="ArgumentException">The store is not one of the providers' (a decorator hides the provider).</exception>
    public static INotificationOutbox Create(IHandoffStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store switch
        {
            SqliteHandoffStore sqlite => new SqliteNotificationOutbox(sqlite),
            PostgresHandoffStore postgres => new PostgresNotificationOutbox(postgres),
            _ => throw new ArgumentException(
                $"The notification outbox lives beside a provider's handoff store ({nameof(SqliteHandoffStore)} or " +
                $"{nameof(PostgresHandoffStore)}), not a {store.GetType().Name}.",
                nameof(store)),
        };
    }
}
