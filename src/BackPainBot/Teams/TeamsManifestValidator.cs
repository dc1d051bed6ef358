using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BackPainBot.Teams;

/// <summary>One broken Teams rule: which <paramref name="Rule"/> (see <see cref="ManifestRules"/>), where, and why.</summary>
/// <param name="Rule">The rule's name, one of <see cref="ManifestRules"/>.</param>
/// <param name="Path">Where: a manifest field (<c>name.short</c>, <c>bots[0].botId</c>) or a file in the package.</param>
/// <param name="Message">What is wrong, for the person fixing it.</param>
public sealed record ManifestProblem(string Rule, string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message} [{Rule}]";
}

/// <summary>The names of the Teams rules the validator checks.</summary>
public static class ManifestRules
{
    /// <summary>A required field is missing or empty.</summary>
    public const string Required = "required";

    /// <summary><c>$schema</c> and <c>manifestVersion</c> must name the same published schema version.</summary>
    public const string Schema = "schema";

    /// <summary><c>id</c> and <c>bots[].botId</c> are GUIDs.</summary>
    public const string Guid = "guid";

    /// <summary><c>version</c> is <c>major.minor.patch</c>.</summary>
    public const string SemVer = "semver";

    /// <summary>A text is longer than Teams allows for that field.</summary>
    public const string MaxLength = "max-length";

    /// <summary><c>accentColor</c> is <c>#RRGGBB</c>.</summary>
    public const string AccentColor = "accent-color";

    /// <summary>The developer's URLs are absolute https URLs.</summary>
    public const string HttpsUrl = "https-url";

    /// <summary><c>validDomains</c> holds host names, without a scheme or path.</summary>
    public const string ValidDomain = "valid-domain";

    /// <summary>A bot's scopes are some of personal, team and groupChat.</summary>
    public const string BotScopes = "bot-scopes";

    /// <summary>An icon named in the manifest is in the package.</summary>
    public const string IconFile = "icon-file";

    /// <summary>An icon is a PNG.</summary>
    public const string IconPng = "icon-png";

    /// <summary>The color icon is 192x192 and the outline icon 32x32.</summary>
    public const string IconSize = "icon-size";

    /// <summary>The outline icon has a transparent background.</summary>
    public const string OutlineTransparency = "outline-transparency";

    /// <summary>The outline icon's visible pixels are white.</summary>
    public const string OutlineWhite = "outline-white";

    /// <summary>Every file of the package is at the zip's root, and manifest.json is one of them.</summary>
    public const string PackageRoot = "package-root";

    /// <summary>manifest.json is a JSON object.</summary>
    public const string ManifestJson = "manifest-json";
}

/// <summary>
/// Checks a Teams app package or manifest against the rules Teams applies on upload: required fields, id and version
/// formats, text lengths, colours, URLs, and the two icons' format, sizes and transparency.
/// </summary>
public static partial class TeamsManifestValidator
{
    private const int MaxShortName = 30;
    private const int MaxFullName = 100;
    private const int MaxShortDescription = 80;
    private const int MaxFullDescription = 4000;
    private const int MaxDeveloperName = 32;
    private const int MaxCommandTitle = 32;
    private const int MaxCommandDescription = 128;
    private const int MaxUrl = 2048;

    /// <summary>Lowest channel value an outline pixel that shows may have and still count as white.</summary>
    private const int WhiteEnough = 0xF0;

    private static readonly string[] KnownScopes = ["personal", "team", "groupChat"];

    /// <summary>Checks a package: its layout, its manifest and the icons it names.</summary>
    public static IReadOnlyList<ManifestProblem> ValidatePackage(byte[] zip)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var problems = new List<ManifestProblem>();
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.Contains('/') || entry.FullName.Contains('\\'))
                {
                    problems.Add(new(ManifestRules.PackageRoot, entry.FullName,
                        "is in a folder; Teams reads only files at the zip's root (zip the files, not their folder)"));
                    continue;
                }

                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                files[entry.FullName] = copy.ToArray();
            }
        }
        catch (InvalidDataException)
        {
            return [new(ManifestRules.PackageRoot, "(package)", "is not a zip file")];
        }

        if (!files.TryGetValue(TeamsManifest.FileName, out var manifestBytes))
        {
            problems.Add(new(ManifestRules.PackageRoot, TeamsManifest.FileName, "is missing from the zip's root"));
            return problems;
        }

        JsonNode? manifest;
        try
        {
            manifest = JsonNode.Parse(manifestBytes);
        }
        catch (JsonException)
        {
            problems.Add(new(ManifestRules.ManifestJson, TeamsManifest.FileName, "is not valid JSON"));
            return problems;
        }

        problems.AddRange(ValidateManifest(manifest, name => files.GetValueOrDefault(name)));
        return problems;
    }

    /// <summary>
    /// Checks a manifest's fields; with <paramref name="readFile"/> (a package file by name, null when absent) also
    /// the icons it names.
    /// </summary>
    public static IReadOnlyList<ManifestProblem> ValidateManifest(JsonNode? manifest, Func<string, byte[]?>? readFile = null)
    {
        if (manifest is not JsonObject root)
        {
            return [new(ManifestRules.ManifestJson, TeamsManifest.FileName, "must be a JSON object")];
        }

        var check = new Checker(root);
        var manifestVersion = check.Required("manifestVersion");
        var schema = check.Required("$schema");
        if (manifestVersion is not null && !ManifestVersionPattern().IsMatch(manifestVersion))
        {
            check.Fail(ManifestRules.Schema, "manifestVersion", $"'{manifestVersion}' is not a Teams manifest version such as {TeamsManifest.ManifestVersion}");
        }
        else if (manifestVersion is not null && schema is not null && schema != TeamsManifest.SchemaUrl(manifestVersion))
        {
            check.Fail(ManifestRules.Schema, "$schema", $"must be {TeamsManifest.SchemaUrl(manifestVersion)} for manifestVersion {manifestVersion}");
        }

        check.Matches("version", SemVerPattern(), ManifestRules.SemVer, "must be major.minor.patch, e.g. 1.0.0");
        check.Matches("id", GuidPattern(), ManifestRules.Guid, "must be a GUID, e.g. 0b8f2a4e-1c3d-4e5f-8a9b-0c1d2e3f4a5b");

        check.MaxLength("developer.name", MaxDeveloperName, required: true);
        foreach (var url in new[] { "developer.websiteUrl", "developer.privacyUrl", "developer.termsOfUseUrl" })
        {
            check.HttpsUrl(url);
        }

        check.MaxLength("name.short", MaxShortName, required: true);
        check.MaxLength("name.full", MaxFullName, required: false);
        check.MaxLength("description.short", MaxShortDescription, required: true);
        check.MaxLength("description.full", MaxFullDescription, required: true);
        check.Matches("accentColor", AccentColorPattern(), ManifestRules.AccentColor, "must be a colour as #RRGGBB, e.g. #1B6F8A");
        CheckBots(check, root);
        CheckValidDomains(check, root);

        var colorIcon = check.Required("icons.color");
        var outlineIcon = check.Required("icons.outline");
        if (readFile is not null)
        {
            CheckIcon(check, readFile, "icons.color", colorIcon, TeamsIcons.ColorSize, isOutline: false);
            CheckIcon(check, readFile, "icons.outline", outlineIcon, TeamsIcons.OutlineSize, isOutline: true);
        }

        return check.Problems;
    }

    private static void CheckBots(Checker check, JsonObject root)
    {
        if (root["bots"] is not JsonArray bots)
        {
            return;
        }

        for (var i = 0; i < bots.Count; i++)
        {
            var bot = $"bots[{i}]";
            check.Matches($"{bot}.botId", GuidPattern(), ManifestRules.Guid,
                "must be the Azure Bot's Microsoft App ID, a GUID (set MicrosoftAppId)");
            var scopes = (bots[i]?["scopes"] as JsonArray ?? [])
                .Select(s => s?.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : "")
                .ToList();
            if (scopes.Count == 0)
            {
                check.Fail(ManifestRules.BotScopes, $"{bot}.scopes", "must list at least one of personal, team, groupChat");
            }
            else if (scopes.Find(s => !KnownScopes.Contains(s)) is { } unknown)
            {
                check.Fail(ManifestRules.BotScopes, $"{bot}.scopes", $"'{unknown}' is not a scope; use personal, team or groupChat");
            }

            var lists = bots[i]?["commandLists"] as JsonArray ?? [];
            for (var l = 0; l < lists.Count; l++)
            {
                var commands = lists[l]?["commands"] as JsonArray ?? [];
                for (var c = 0; c < commands.Count; c++)
                {
                    check.MaxLength($"{bot}.commandLists[{l}].commands[{c}].title", MaxCommandTitle, required: true);
                    check.MaxLength($"{bot}.commandLists[{l}].commands[{c}].description", MaxCommandDescription, required: true);
                }
            }
        }
    }

    private static void CheckValidDomains(Checker check, JsonObject root)
    {
        if (root["validDomains"] is not JsonArray domains)
        {
            return;
        }

        for (var i = 0; i < domains.Count; i++)
        {
            check.Matches($"validDomains[{i}]", DomainPattern(), ManifestRules.ValidDomain,
                "must be a host name such as www.example.com (no https://, no path)");
        }
    }

    private static void CheckIcon(Checker check, Func<string, byte[]?> readFile, string field, string? name, int size, bool isOutline)
    {
        if (name is null)
        {
            return;
        }

        if (readFile(name) is not { } bytes)
        {
            check.Fail(ManifestRules.IconFile, name, $"is named by {field} but is not in the package");
            return;
        }

        if (PngImage.Read(bytes) is not { } png)
        {
            check.Fail(ManifestRules.IconPng, name, "is not a PNG image");
            return;
        }

        if (png.Width != size || png.Height != size)
        {
            check.Fail(ManifestRules.IconSize, name, $"is {png.Width}x{png.Height}; Teams requires {size}x{size}");
        }

        if (!isOutline)
        {
            return;
        }

        if (!png.CanBeTransparent || (png.Rgba is { } pixels && !AnyTransparent(pixels)))
        {
            check.Fail(ManifestRules.OutlineTransparency, name, "must have a transparent background");
        }
        else if (png.Rgba is { } rgba && !VisiblePixelsAreWhite(rgba))
        {
            check.Fail(ManifestRules.OutlineWhite, name, "must be white on transparent; it has coloured pixels");
        }
    }

    private static bool AnyTransparent(byte[] rgba)
    {
        for (var p = 3; p < rgba.Length; p += 4)
        {
            if (rgba[p] == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool VisiblePixelsAreWhite(byte[] rgba)
    {
        for (var p = 0; p < rgba.Length; p += 4)
        {
            if (rgba[p + 3] > 0 && (rgba[p] < WhiteEnough || rgba[p + 1] < WhiteEnough || rgba[p + 2] < WhiteEnough))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads fields by dotted path (<c>bots[0].botId</c>) and collects problems.</summary>
    private sealed class Checker(JsonObject root)
    {
        public List<ManifestProblem> Problems { get; } = [];

        public void Fail(string rule, string path, string message) => Problems.Add(new(rule, path, message));

        /// <summary>The string at <paramref name="path"/>; a problem and null when it is missing or empty.</summary>
        public string? Required(string path)
        {
            var value = StringAt(path);
            if (string.IsNullOrWhiteSpace(value))
            {
                Fail(ManifestRules.Required, path, "is required");
                return null;
            }

            return value;
        }

        public void Matches(string path, Regex pattern, string rule, string message)
        {
            if (Required(path) is { } value && !pattern.IsMatch(value))
            {
                Fail(rule, path, $"'{value}' {message}");
            }
        }

        public void MaxLength(string path, int max, bool required)
        {
            var value = required ? Required(path) : StringAt(path);
            if (value is not null && value.Length > max)
            {
                Fail(ManifestRules.MaxLength, path, $"is {value.Length} characters; Teams allows {max}");
            }
        }

        public void HttpsUrl(string path)
        {
            if (Required(path) is not { } value)
            {
                return;
            }

            if (value.Length > MaxUrl
                || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
                || uri.Scheme != Uri.UriSchemeHttps
                || string.IsNullOrEmpty(uri.Host))
            {
                Fail(ManifestRules.HttpsUrl, path, $"'{value}' must be an absolute https:// URL");
            }
        }

        private string? StringAt(string path)
        {
            JsonNode? node = root;
            foreach (var part in path.Split('.'))
            {
                var bracket = part.IndexOf('[');
                var name = bracket < 0 ? part : part[..bracket];
                node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
                if (bracket >= 0)
                {
                    var index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                    node = node is JsonArray array && index < array.Count ? array[index] : null;
                }
            }

            return node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        }
    }

    [GeneratedRegex(@"^1\.\d{1,2}$")]
    private static partial Regex ManifestVersionPattern();

    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")]
    private static partial Regex SemVerPattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex GuidPattern();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex AccentColorPattern();

    [GeneratedRegex(@"^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}(:\d{1,5})?$")]
    private static partial Regex DomainPattern();
}
