using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Jobs;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Cartoon.Gateway.Auth;

/// <summary>
/// One tenant check for every job route: a group convention that puts a filter on each endpoint whose route has the
/// job id parameter {id}, answering 404 not_found — exactly as for a job that does not exist, so job ids of other
/// tenants cannot be probed — unless the job belongs to the caller's tenant. A job route added to the group later
/// gets it too; one that names its job id differently fails at start instead of going unchecked.
/// </summary>
public static class TenantJobGuard
{
    public const string JobIdParameter = "id";

    public static TBuilder RequireJobOfTenant<TBuilder>(this TBuilder group) where TBuilder : IEndpointConventionBuilder
    {
        group.Add(builder =>
        {
            if (builder is not RouteEndpointBuilder route)
                return;
            var pattern = route.RoutePattern;
            if (pattern.GetParameter(JobIdParameter) is null)
            {
                if (IsJobRoute(pattern))
                    throw new InvalidOperationException(
                        $"Route '{pattern.RawText}' addresses a job but has no {{{JobIdParameter}}} parameter, so the tenant check cannot apply; name the job id '{JobIdParameter}'.");
                return;
            }
            builder.FilterFactories.Add((_, next) => async invocation =>
            {
                var http = invocation.HttpContext;
                if (!Guid.TryParse(http.GetRouteValue(JobIdParameter)?.ToString(), out var jobId))
                    return Problems.NotFound("Job");
                var tenant = await http.RequestServices.GetRequiredService<JobStore>().TenantOfAsync(jobId, http.RequestAborted);
                if (tenant is null || !string.Equals(tenant, http.User.TenantId(), StringComparison.Ordinal))
                    return Problems.NotFound("Job");
                return await next(invocation);
            });
        });
        return group;
    }

    // "/v1/jobs/{x}/..." — any route under a job other than the collection itself.
    private static bool IsJobRoute(RoutePattern pattern) =>
        pattern.PathSegments.Count > 2 && pattern.PathSegments.Any(s => s.IsSimple && s.Parts[0] is RoutePatternLiteralPart { Content: "jobs" })
        && pattern.Parameters.Count > 0;
}
