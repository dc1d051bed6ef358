using BackPainBot.Handoffs.Notifications;
using BackPainBot.Testing;

namespace BackPainBot.Handoffs.Tests;

public sealed class HandoffStoreFactoryTests : IDisposable
{
    private readonly TempDirectory _contentRoot = new();

    public void Dispose() => _contentRoot.Dispose();

    [Theory]
    [InlineData("sqlserver")]
    [InlineData("postgresql")]
    [InlineData("")]
    public void Create_UnknownProvider_ThrowsListingValidProviders(string provider)
    {
        var options = new StorageOptions { Provider = provider };

        var handoffs = Assert.Throws<ArgumentException>(() => HandoffStoreFactory.Create(options, _contentRoot.Path));
        var staff = Assert.Throws<ArgumentException>(() => StaffStoreFactory.Create(options, _contentRoot.Path));

        Assert.Contains("Valid values: sqlite, postgres", handoffs.Message, StringComparison.Ordinal);
        Assert.Equal(handoffs.Message, staff.Message);
        Assert.False(Directory.Exists(Path.Combine(_contentRoot.Path, options.DataDirectory)));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("SQLite")]
    [InlineData(" sqlite ")]
    public void Create_Sqlite_ReturnsSqliteStores(string provider)
    {
        var options = new StorageOptions { Provider = provider };

        var store = HandoffStoreFactory.Create(options, _contentRoot.Path, () => throw new InvalidOperationException("not for SQLite"));

        using var sqlite = Assert.IsType<SqliteHandoffStore>(store);
        Assert.IsType<SqliteStaffStore>(StaffStoreFactory.Create(options, _contentRoot.Path));
        Assert.IsType<SqliteNotificationOutbox>(NotificationOutboxFactory.Create(sqlite));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData(" Postgres ")]
    public void Create_PostgresWithoutTheSharedDatabase_SaysItIsNeeded(string provider)
    {
        var options = new StorageOptions { Provider = provider };

        var error = Assert.Throws<ArgumentNullException>(() => HandoffStoreFactory.Create(options, _contentRoot.Path));

        Assert.Contains("shared PostgresDatabase", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => StaffStoreFactory.Create(options, _contentRoot.Path));
        Assert.False(Directory.Exists(Path.Combine(_contentRoot.Path, options.DataDirectory)));
    }

    [PostgresFact]
    public async Task Create_Postgres_ReturnsPostgresStoresOnTheOneSharedDatabase()
    {
        await using var test = PostgresTestDatabase.Create();
        await using var database = PostgresDatabase.Open(test.ConnectionString);
        var options = new StorageOptions { Provider = HandoffStoreFactory.Postgres, ConnectionString = test.ConnectionString };
        var opened = 0;
        PostgresDatabase Shared()
        {
            opened++;
            return database;
        }

        var handoffs = HandoffStoreFactory.Create(options, _contentRoot.Path, Shared);
        var staff = StaffStoreFactory.Create(options, _contentRoot.Path, Shared);
        var outbox = NotificationOutboxFactory.Create(handoffs);

        Assert.Same(database, Assert.IsType<PostgresHandoffStore>(handoffs).Database);
        Assert.IsType<PostgresStaffStore>(staff);
        Assert.IsType<PostgresNotificationOutbox>(outbox);
        Assert.Equal(2, opened);
        Assert.False(Directory.Exists(Path.Combine(_contentRoot.Path, options.DataDirectory)));
    }

    [Fact]
    public void NotificationOutboxFactory_StoreBehindADecorator_Throws()
    {
        using var sqlite = HandoffStoreFactory.Create(new StorageOptions(), _contentRoot.Path) as SqliteHandoffStore;

        var error = Assert.Throws<ArgumentException>(() => NotificationOutboxFactory.Create(new Decorator(sqlite!)));

        Assert.Contains(nameof(Decorator), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RelativeDataDirectory_CreatesDatabaseUnderContentRoot()
    {
        var options = new StorageOptions { DataDirectory = Path.Combine("state", "handoffs") };

        using var store = (SqliteHandoffStore)HandoffStoreFactory.Create(options, _contentRoot.Path);

        Assert.True(File.Exists(
            Path.Combine(_contentRoot.Path, "state", "handoffs", SqliteHandoffStore.DatabaseFileName)));
    }

    [Fact]
    public void Create_AbsoluteDataDirectory_IgnoresContentRoot()
    {
        var dataDirectory = Path.Combine(_contentRoot.Path, "elsewhere");
        var options = new StorageOptions { DataDirectory = dataDirectory };

        using var store = (SqliteHandoffStore)HandoffStoreFactory.Create(options, Path.Combine(_contentRoot.Path, "app"));

        Assert.True(File.Exists(Path.Combine(dataDirectory, SqliteHandoffStore.DatabaseFileName)));
    }

    [Theory]
    [InlineData("sqlite", true)]
    [InlineData("Sqlite", true)]
    [InlineData("postgres", true)]
    [InlineData("POSTGRES", true)]
    [InlineData("postgresql", false)]
    [InlineData(null, false)]
    public void IsKnownProvider_Value_MatchesCreate(string? provider, bool expected)
    {
        Assert.Equal(expected, HandoffStoreFactory.IsKnownProvider(provider));
    }

    [Theory]
    [InlineData(" SQLite", HandoffStoreFactory.Sqlite)]
    [InlineData("Postgres ", HandoffStoreFactory.Postgres)]
    public void ProviderOf_AnyCase_IsTheCanonicalName(string provider, string expected)
    {
        Assert.Equal(expected, HandoffStoreFactory.ProviderOf(new StorageOptions { Provider = provider }));
    }

    private sealed class Decorator(IHandoffStore inner) : IHandoffStore
    {
        public Task SaveAsync(Handoff handoff, CancellationToken cancellationToken = default) => inner.SaveAsync(handoff, cancellationToken);

        public Task<Handoff?> GetAsync(Guid id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyList<Handoff>> ListAsync(int limit = 100, CancellationToken cancellationToken = default) =>
            inner.ListAsync(limit, cancellationToken);
    }
}
