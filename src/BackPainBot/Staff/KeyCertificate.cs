using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackPainBot.Staff;

/// <summary>
/// The certificate that encrypts the staff sign-in keys at rest (<c>Staff:KeyCertificatePath</c>, a PKCS#12 file with
/// its RSA private key). Without one the keys are stored as plain XML, protected only by the data folder's or the
/// database's permissions.
/// </summary>
public static class KeyCertificate
{
    /// <summary>
    /// Loads the configured certificate; returns why it cannot be used (never the password), or null when it can or
    /// when none is configured (then <paramref name="certificate"/> is null).
    /// </summary>
    public static string? TryLoad(StaffOptions options, string contentRoot, out X509Certificate2? certificate)
    {
        certificate = null;
        if (string.IsNullOrWhiteSpace(options.KeyCertificatePath))
        {
            return null;
        }

        var path = Path.GetFullPath(options.KeyCertificatePath, contentRoot);
        if (!File.Exists(path))
        {
            return $"Staff:KeyCertificatePath '{path}' does not exist.";
        }

        X509Certificate2 loaded;
        try
        {
            loaded = X509CertificateLoader.LoadPkcs12FromFile(
                path, string.IsNullOrEmpty(options.KeyCertificatePassword) ? null : options.KeyCertificatePassword,
                X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            return $"Staff:KeyCertificatePath '{path}' is not a PKCS#12 (.pfx) file that Staff:KeyCertificatePassword opens.";
        }

        if (!loaded.HasPrivateKey || loaded.GetRSAPrivateKey() is null)
        {
            loaded.Dispose();
            return $"Staff:KeyCertificatePath '{path}' has no RSA private key; the sign-in keys could be encrypted but never read back.";
        }

        certificate = loaded;
        return null;
    }
}
