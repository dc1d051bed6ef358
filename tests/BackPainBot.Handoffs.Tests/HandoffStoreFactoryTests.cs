namespace BackPainBot.Handoffs.Tests;

public sealed class HandoffStoreFactoryTests : IDisposable
{
    private readonly TempDirectory _contentRoot = new();

    public void Dispose() => _contentRoot.Dispose();

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlserver")]
    [InlineData("")]
    public void Create_UnknownProvider_ThrowsListingValidProviders(string provider)
    {
        var options = new StorageOptions { Provider = provider };

        var exception = Assert.Throws<ArgumentException>(() => HandoffStoreFactory.Create(options, _contentRoot.Path));

        Assert.Contains("Valid values: sqlite", exception.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_contentRoot.Path, options.DataDirectory)));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("SQLite")]
    [InlineData(" sqlite ")]
    public void Create_Sqlite_ReturnsSqliteStore(string provider)
    {
        var store = HandoffStoreFactory.Create(new StorageOptions { Provider = provider }, _contentRoot.Path);

        using var sqlite = Assert.IsType<SqliteHandoffStore>(store);
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
    [InlineData("postgres", false)]
    [InlineData(null, false)]
    public void IsKnownProvider_Value_MatchesCreate(string? provider, bool expected)
    {
        Assert.Equal(expected, HandoffStoreFactory.IsKnownProvider(provider));
    }
}
