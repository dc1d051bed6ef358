namespace BackPainBot.Staff;

/// <summary>Settings for the staff API (section <c>Staff</c>).</summary>
public sealed class StaffOptions
{
    public const string SectionName = "Staff";

    /// <summary>Shortest API key accepted; shorter keys are too easy to guess.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>
    /// Bearer key for <c>/api/handoffs</c> (env <c>Staff__ApiKey</c>). Empty (the default) turns the staff API off:
    /// it answers 404, never open.
    /// </summary>
    public string ApiKey { get; set; } = "";

    public bool IsEnabled => !string.IsNullOrEmpty(ApiKey);

    /// <summary>How long a console sign-in lasts without use (sliding). Default 8 hours.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Shortest password <c>staff add</c> and <c>staff passwd</c> accept. Default 12.</summary>
    public int MinimumPasswordLength { get; set; } = 12;

    /// <summary>Failed sign-ins to one account within <see cref="SignInWindow"/> before it is refused (429). Default 5.</summary>
    public int MaxFailedSignInsPerUser { get; set; } = 5;

    /// <summary>Failed sign-ins from one address within <see cref="SignInWindow"/> before it is refused (429). Default 20.</summary>
    public int MaxFailedSignInsPerAddress { get; set; } = 20;

    /// <summary>The window failed sign-ins are counted over. Default 15 minutes.</summary>
    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A PKCS#12 (.pfx) certificate with an RSA private key that encrypts the sign-in keys where they are stored (the
    /// data folder's <c>keys</c>, or the PostgreSQL database), relative to the content root. Empty (the default): the
    /// keys are stored unencrypted and only the folder's or database's permissions protect them. Every instance needs
    /// the same certificate; keep the old one configured until the keys it encrypted have expired (90 days).
    /// </summary>
    public string KeyCertificatePath { get; set; } = "";

    /// <summary>The password of <see cref="KeyCertificatePath"/> (env <c>Staff__KeyCertificatePassword</c>); may be empty.</summary>
    public string KeyCertificatePassword { get; set; } = "";
}

/// <summary>How long patients' transcripts are kept (section <c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>
    /// Transcripts of handoffs created more than this many days ago are removed (with the question and the
    /// conversation reference); the handoff, its contact details, notes and audit trail stay. Default 90.
    /// </summary>
    public int TranscriptDays { get; set; } = 90;

    /// <summary>How often the background purge runs. Default 1 hour.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
