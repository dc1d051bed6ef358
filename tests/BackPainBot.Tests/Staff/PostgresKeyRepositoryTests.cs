using BackPainBot.Handoffs;
using BackPainBot.Staff;
using BackPainBot.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace BackPainBot.Tests.Staff;

public sealed class PostgresKeyRepositoryTests
{
    [PostgresFact]
    public async Task DataProtectedByOneInstance_IsReadableByAnother()
    {
        await using var test = PostgresTestDatabase.Create();
        await using var databaseA = PostgresDatabase.Open(test.ConnectionString);
        await using var databaseB = PostgresDatabase.Open(test.ConnectionString);
        using var instanceA = Protection(databaseA);
        using var instanceB = Protection(databaseB);

        // What a sign-in cookie is: data protected on the instance that signed the staff member in.
        var cookie = instanceA.GetRequiredService<IDataProtectionProvider>().CreateProtector("staff").Protect("signed-in");

        Assert.Equal("signed-in", instanceB.GetRequiredService<IDataProtectionProvider>().CreateProtector("staff").Unprotect(cookie));
    }

    [PostgresFact]
    public async Task StoredKeys_AreListedOnceEach_AndARepeatedNameIsIgnored()
    {
        await using var test = PostgresTestDatabase.Create();
        await using var database = PostgresDatabase.Open(test.ConnectionString);
        var repository = new PostgresKeyRepository(database);

        repository.StoreElement(new System.Xml.Linq.XElement("key", new System.Xml.Linq.XAttribute("id", "1")), "key-1");
        repository.StoreElement(new System.Xml.Linq.XElement("key", new System.Xml.Linq.XAttribute("id", "2")), "key-2");
        repository.StoreElement(new System.Xml.Linq.XElement("key", new System.Xml.Linq.XAttribute("id", "other")), "key-1");

        Assert.Equal(["1", "2"], new PostgresKeyRepository(database).GetAllElements().Select(e => (string)e.Attribute("id")!));
    }

    private static ServiceProvider Protection(PostgresDatabase database)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("BackPainBot");
        services.AddOptions<KeyManagementOptions>().Configure(keys => keys.XmlRepository = new PostgresKeyRepository(database));
        return services.BuildServiceProvider();
    }
}
