using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackPainBot.Tests.Staff;

/// <summary>Staff:KeyCertificatePath: the sign-in keys are stored encrypted, and still read back after a restart.</summary>
public sealed class StaffKeyEncryptionTests : IDisposable
{
    private const string CertificatePassword = "pfx-password-for-tests";

    private readonly string _folder = Directory.CreateTempSubdirectory("backpainbot-keycert-").FullName;

    [Fact]
    public async Task WithACertificate_KeysAreStoredEncrypted_AndASignInSurvivesARestart()
    {
        var settings = new Dictionary<string, string>
        {
            ["Staff:KeyCertificatePath"] = WriteCertificate(),
            ["Staff:KeyCertificatePassword"] = CertificatePassword,
        };
        using var first = new StaffConsoleFactory(settings);
        var client = first.Client();
        var signIn = await client.SendAsync(StaffConsoleFactory.Post(
            "/staff/api/signin", new { userName = StaffConsoleFactory.StaffName, password = StaffConsoleFactory.Password }));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie")).Split(';')[0];

        // Anyone who can read the data folder sees only ciphertext, not the key that signs staff cookies.
        var keyFiles = Directory.GetFiles(Path.Combine(first.DataDirectory, "keys"), "*.xml");
        Assert.NotEmpty(keyFiles);
        foreach (var file in keyFiles)
        {
            var xml = await File.ReadAllTextAsync(file);
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("<masterKey", xml);
        }

        // A restarted host on the same data folder decrypts the stored key, so the staff member stays signed in.
        settings["Storage:DataDirectory"] = first.DataDirectory;
        using var restarted = new StaffConsoleFactory(settings);
        using var sameBrowser = restarted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var me = new HttpRequestMessage(HttpMethod.Get, "/staff/api/me");
        me.Headers.Add("Cookie", cookie);

        Assert.Equal(HttpStatusCode.OK, (await sameBrowser.SendAsync(me)).StatusCode);
    }

    [Fact]
    public void MissingCertificate_StopsStartUpNamingTheFile()
    {
        using var factory = new StaffConsoleFactory(new Dictionary<string, string>
        {
            ["Staff:KeyCertificatePath"] = Path.Combine(_folder, "nowhere.pfx"),
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.Services);

        Assert.Contains("nowhere.pfx' does not exist", Innermost(error).Message);
    }

    [Fact]
    public void WrongPassword_StopsStartUpWithoutRepeatingIt()
    {
        using var factory = new StaffConsoleFactory(new Dictionary<string, string>
        {
            ["Staff:KeyCertificatePath"] = WriteCertificate(),
            ["Staff:KeyCertificatePassword"] = "not-the-password",
        });

        var error = Innermost(Assert.ThrowsAny<Exception>(() => factory.Services));

        Assert.Contains("Staff:KeyCertificatePassword", error.Message);
        Assert.DoesNotContain("not-the-password", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Exception Innermost(Exception error) => error.InnerException is null ? error : Innermost(error.InnerException);

    private string WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=BackPainBot staff keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, "keys.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    }
}
