using Cartoon.Engine;

namespace Cartoon.Gateway.Endpoints;

/// <summary>GET /v1/styles: the DCT-Net styles this deployment serves.</summary>
public static class StylesEndpoint
{
    public sealed record StylesView(string Default, IReadOnlyList<string> Styles);

    internal static IResult Handle() => TypedResults.Ok(new StylesView(Styles.Default, Styles.All));
}
