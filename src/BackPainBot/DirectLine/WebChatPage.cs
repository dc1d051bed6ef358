using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace BackPainBot.DirectLine;

/// <summary>
/// Serves the patients' chat page (<c>/</c>), its script and <c>embed.js</c> from the host's <c>wwwroot</c>, with a
/// content security policy that lets the page talk to its own origin only.
/// </summary>
public static class WebChatPage
{
    private const string IndexFile = "index.html";
    private const string BundlePath = "lib/webchat.js";

    // Web Chat styles itself with inline <style> elements and data: images; scripts and connections stay on this origin.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; connect-src 'self' ";

    public static IApplicationBuilder UseWebChatPage(this IApplicationBuilder app)
    {
        var environment = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebChatPage));
        var root = FindRoot(environment);
        if (root is null)
        {
            logger.LogWarning("The web chat page was not found (wwwroot/{Index}); / will answer 404.", IndexFile);
            return app;
        }

        if (!File.Exists(Path.Combine(root, BundlePath)))
        {
            logger.LogWarning(
                "The Web Chat bundle is missing ({Root}/{Bundle}): run `npm ci` in web/ to fetch it. The chat page cannot work without it.",
                root, BundlePath);
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context => AddHeaders(context.Context, context.File.Name),
        });
        return app;
    }

    /// <summary>
    /// The folder holding the page: the host's web root when it has one (a published app), else the wwwroot beside
    /// the build output, else the project's own when run from the repository (content root = repository root).
    /// </summary>
    internal static string? FindRoot(IWebHostEnvironment environment)
    {
        string?[] candidates =
        [
            environment.WebRootPath,
            Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            Path.Combine(environment.ContentRootPath, "src", "BackPainBot", "wwwroot"),
        ];
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(Path.Combine(c, IndexFile)));
    }

    private static void AddHeaders(HttpContext http, string fileName)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (fileName.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            // Some browsers do not count ws: and wss: as 'self', so the stream's origin is named too.
            var host = http.Request.Host.Value;
            headers.ContentSecurityPolicy = ContentSecurityPolicy + $"ws://{host} wss://{host}";
            headers.CacheControl = "no-cache";
        }
        else if (fileName == "embed.js")
        {
            // Clinic websites load it from this origin; a short cache lets a changed snippet reach them soon.
            headers.CacheControl = "public, max-age=3600";
        }
    }
}
