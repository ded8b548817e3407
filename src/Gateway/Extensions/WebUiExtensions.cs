using Microsoft.Net.Http.Headers;

namespace Cartoon.Gateway.Extensions;

public static class WebUiExtensions
{
    // The page talks to this gateway only; results are shown from blob URLs (a key was sent) or the API's own URLs,
    // which may redirect to presigned storage on another origin (distributed mode), hence http(s) images. Videos the
    // same (media-src): a video card plays the picked file from its object URL and the cartoon from the API's URL.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob: data: https: http:; media-src 'self' blob: https: http:; style-src 'self'; script-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The batch web page at "/" (src/Gateway/wwwroot: plain HTML, CSS and JavaScript modules, no build step), in
    /// both modes. The files carry no secrets and need no key; the page sends the user's key with its API calls.
    /// </summary>
    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // Revalidate on every load so a deployed change is seen at once; the files are small.
                headers[HeaderNames.CacheControl] = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers["Referrer-Policy"] = "no-referrer";
                }
            },
        });
        return app;
    }
}
