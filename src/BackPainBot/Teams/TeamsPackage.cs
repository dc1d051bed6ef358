using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackPainBot.Triage;

namespace BackPainBot.Teams;

/// <summary>
/// Builds the Teams app package: manifest.json, color.png and outline.png at the root of a zip, which a clinic
/// uploads to Teams.
/// </summary>
public static class TeamsPackage
{
    /// <summary>Every entry gets this time, so the same settings always give the same bytes.</summary>
    private static readonly DateTimeOffset EntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions ManifestJson = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The package for the bot <paramref name="botId"/>, with the clinic's icons when set (paths relative to
    /// <paramref name="contentRoot"/>) or the built-in ones. Not validated: see <see cref="TeamsManifestValidator"/>.
    /// </summary>
    public static byte[] Build(TeamsAppOptions app, ClinicOptions clinic, string botId, string contentRoot)
    {
        var manifest = TeamsManifest.Build(app, clinic, botId);
        var color = string.IsNullOrWhiteSpace(app.ColorIcon)
            ? TeamsIcons.Color(app.AccentColor)
            : File.ReadAllBytes(Path.Combine(contentRoot, app.ColorIcon));
        var outline = string.IsNullOrWhiteSpace(app.OutlineIcon)
            ? TeamsIcons.Outline()
            : File.ReadAllBytes(Path.Combine(contentRoot, app.OutlineIcon));
        return Zip(manifest, color, outline);
    }

    /// <summary>Zips a manifest and the two icons, each at the zip's root.</summary>
    public static byte[] Zip(JsonObject manifest, byte[] colorIcon, byte[] outlineIcon)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, TeamsManifest.FileName, JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson));
            Add(zip, TeamsManifest.ColorIconFile, colorIcon);
            Add(zip, TeamsManifest.OutlineIconFile, outlineIcon);
        }

        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }
}
