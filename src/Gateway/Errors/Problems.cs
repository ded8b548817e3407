using Microsoft.AspNetCore.Mvc;

namespace Cartoon.Gateway.Errors;

/// <summary>
/// Every error the API returns is RFC 9457 ProblemDetails with a machine-readable "reason" extension (docs/api.md
/// lists them); clients branch on reason, people read title and detail.
/// </summary>
public static class Problems
{
    public static ProblemDetails Create(int status, string reason, string title, string? detail = null, IEnumerable<KeyValuePair<string, object?>>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["reason"] = reason;
        foreach (var (key, value) in extensions ?? [])
            problem.Extensions[key] = value;
        return problem;
    }

    public static IResult Result(int status, string reason, string title, string? detail = null, IEnumerable<KeyValuePair<string, object?>>? extensions = null) =>
        TypedResults.Problem(Create(status, reason, title, detail, extensions));

    public static IResult NotFound(string what) => Result(StatusCodes.Status404NotFound, "not_found", $"{what} not found.");
}

