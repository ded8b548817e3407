using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Endpoints;

/// <summary>
/// The /v1 API in one table, as eShop's <c>CatalogApi</c>: each route with its OpenAPI name, summary and responses. Each
/// handler lives in the endpoint file named for it (<c>GetJobEndpoint.HandleAsync</c> …).
/// </summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/jobs", SubmitJobEndpoint.HandleAsync)
            .WithName("SubmitJob")
            .WithSummary("Submit images and videos to cartoonize")
            .WithDescription("multipart/form-data: one or more 'images' file parts and/or 'imageUrl' fields (https, fetched by the gateway) plus style, strength, maxSide, format, quality, detail, webhook, webhookEvents. " +
                             "Valid images are accepted even when others are rejected (see 'rejected' in the 202 body).")
            .Accepts<SubmitJobForm>("multipart/form-data")
            .Produces<JobView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(Extensions.RateLimitExtensions.SubmitPolicy);

        api.MapGet("/jobs", ListJobsEndpoint.HandleAsync).WithName("ListJobs").WithSummary("List your jobs")
            .WithDescription("Newest first. Pass the previous page's nextCursor as cursor for the next page; status filters (queued, processing, succeeded, failed, canceled).")
            .Produces<JobListView>().ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/jobs/{id:guid}", GetJobEndpoint.HandleAsync).WithName("GetJob").WithSummary("Job status")
            .Produces<JobView>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/jobs/{id:guid}/events", JobEventStreamEndpoint.HandleAsync).WithName("JobEvents").WithSummary("Live job progress (Server-Sent Events)")
            .WithDescription("text/event-stream: job, item.stage, item.completed, item.failed, item.canceled, completed. " +
                             "Send Last-Event-ID to resume; heartbeat comments keep idle connections open.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/jobs/{id:guid}/items/{index:int}/result", GetResultEndpoint.HandleAsync).WithName("GetItemResult").WithSummary("Download one item's result")
            .Produces(StatusCodes.Status200OK, contentType: "image/png", additionalContentTypes: ["image/jpeg", "image/webp"]).Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/jobs/{id:guid}/results.zip", GetResultsZipEndpoint.HandleAsync).WithName("GetResultsZip").WithSummary("Download every succeeded result as a zip")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/jobs/{id:guid}/cancel", CancelJobEndpoint.HandleAsync).WithName("CancelJob").WithSummary("Cancel a job")
            .Produces<JobView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapDelete("/jobs/{id:guid}", DeleteJobEndpoint.HandleAsync).WithName("DeleteJob").WithSummary("Delete a job with its images and results")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/styles", StylesEndpoint.Handle).WithName("ListStyles").WithSummary("Styles served");
        return api;
    }
}
