namespace BackPainBot.Handoffs.Tests;

/// <summary>
/// Base of the tests written once and run on every provider: a subclass per provider says how to open its database.
/// The database is opened on first use, inside the test, so a provider that is not available here skips the test
/// with its reason (<c>[SkippableFact]</c>); every test gets a database of its own.
/// </summary>
public abstract class ProviderTests : IDisposable
{
    private readonly Lock _gate = new();
    private StoreDatabase? _database;

    /// <summary>The test's database; opened once even when the test's first use of it is on several threads.</summary>
    private protected StoreDatabase Database
    {
        get
        {
            lock (_gate)
            {
                return _database ??= Open();
            }
        }
    }

    public void Dispose()
    {
        _database?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens a new, empty database of the provider with its stores.</summary>
    private protected abstract StoreDatabase Open();
}
