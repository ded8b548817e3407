using Cartoon.Gateway.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cartoon.Gateway.Tests.Access;

/// <summary>The tenant check is attached by convention, so a job route cannot be added without it.</summary>
public sealed class TenantJobGuardTests
{
    private static IReadOnlyList<Endpoint> Endpoints(Action<RouteGroupBuilder> map)
    {
        var app = WebApplication.CreateSlimBuilder().Build();
        var group = app.MapGroup("/v1").RequireJobOfTenant();
        map(group);
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).ToList();
    }

    [Fact]
    public void A_job_route_that_names_its_id_otherwise_fails_at_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Endpoints(g => g.MapGet("/jobs/{jobId:guid}/results.zip", () => "zip")));
        Assert.Contains("{id}", error.Message, StringComparison.Ordinal);
        Assert.Single(Endpoints(g => g.MapGet("/jobs/{id:guid}/results.zip", () => "zip")));
    }
}
