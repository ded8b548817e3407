using Cartoon.Gateway.Endpoints;
using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.OptionsValidation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cartoon.Gateway.Extensions;

public static class ApiExtensions
{
    /// <summary>ProblemDetails for every error, JSON shape, body limits, OpenAPI.</summary>
    public static IHostApplicationBuilder AddGatewayApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<GatewayOptions, GatewayOptionsValidator>(GatewayOptions.Section);
        services.AddValidatedOptions<UploadOptions, UploadOptionsValidator>(UploadOptions.Section);

        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.TraceId.ToString() ?? c.HttpContext.TraceIdentifier);
            // Problems the framework writes itself (unknown route, wrong method, a JSON body sent to the multipart
            // submit) get a reason too, so clients can always branch on it.
            if (!c.ProblemDetails.Extensions.ContainsKey("reason"))
                c.ProblemDetails.Extensions["reason"] = FrameworkReason(c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode);
        });
        services.AddExceptionHandler<GatewayExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));

        // Kestrel refuses bodies above the whole-request cap before they are read (the form reader checks again,
        // and TestServer has no Kestrel).
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<UploadOptions>>((kestrel, uploads) =>
            kestrel.Limits.MaxRequestBodySize = uploads.Value.MaxRequestBytes + 64 * 1024);
        services.AddOptions<FormOptions>().Configure<IOptions<UploadOptions>>((form, uploads) =>
            form.MultipartBodyLengthLimit = uploads.Value.MaxRequestBytes);

        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Cartoon API";
            document.Info.Description = "Cartoonize portraits with DCT-Net: submit jobs, poll their status, download results, receive Standard Webhooks.";
            // Every /v1 operation takes an API key (unless the gateway runs open); the docs UI offers to send it.
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Auth.ApiKeyAuthenticationHandler.SchemeName] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.ApiKey,
                In = Microsoft.OpenApi.ParameterLocation.Header,
                Name = Auth.ApiKeyAuthenticationHandler.HeaderName,
                Description = "An API key (cartoon keys new); also accepted as Authorization: Bearer <key>.",
            };
            document.Security ??= [];
            document.Security.Add(new Microsoft.OpenApi.OpenApiSecurityRequirement
            {
                [new Microsoft.OpenApi.OpenApiSecuritySchemeReference(Auth.ApiKeyAuthenticationHandler.SchemeName, document)] = [],
            });
            return Task.CompletedTask;
        }));
        return builder;
    }

    private static string FrameworkReason(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad_request",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status413PayloadTooLarge => ProblemReasons.RequestTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ProblemReasons.UnsupportedMediaType,
        >= 500 => ProblemReasons.Internal,
        _ => "error",
    };

    /// <summary>Middleware and routes: errors → ProblemDetails, API keys and rate limits on /v1, /openapi/v1.json, /docs.</summary>
    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseGatewayAuth();

        app.MapOpenApi();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Cartoon API"));

        app.MapGroup("/v1")
            .RequireTenantAccess()
            .WithTags("Jobs")
            .MapJobsApi();
        return app;
    }
}
