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
}
