using Microsoft.Extensions.Options;

namespace Cartoon.Engine.Tests;

/// <summary>EngineOptionsValidator: each rule fails with its message, the defaults pass, and every broken rule is reported at once.</summary>
public sealed class EngineOptionsValidatorTests
{
    private const string PreloadMessage = "Engine:Preload may only name known styles: 3d, anime, artstyle, design, handdrawn, illustration, sketch.";
    private const string TileSideMessage = "Engine:TileSide must be a multiple of 16 (DCT-Net pads to 16).";
    private const string TileOverlapMessage = "Engine:TileOverlap must be at most half of Engine:TileSide.";

    private static ValidateOptionsResult Validate(EngineOptions options) => new EngineOptionsValidator().Validate(Options.DefaultName, options);

    [Fact]
    public void The_defaults_pass() => Assert.True(Validate(new EngineOptions()).Succeeded);

    [Fact]
    public void An_unknown_preloaded_style_fails() =>
        Assert.Equal([PreloadMessage], Validate(new EngineOptions { Preload = ["anime", "watercolour"] }).Failures);

    [Fact]
    public void A_tile_side_off_the_multiple_of_16_fails() =>
        Assert.Equal([TileSideMessage], Validate(new EngineOptions { TileSide = 808 }).Failures);

    [Fact]
    public void An_overlap_above_half_the_tile_fails() =>
        Assert.Equal([TileOverlapMessage], Validate(new EngineOptions { TileSide = 816, TileOverlap = 409 }).Failures);

    [Fact]
    public void An_overlap_of_exactly_half_the_tile_passes() =>
        Assert.True(Validate(new EngineOptions { TileSide = 816, TileOverlap = 408 }).Succeeded);

    [Fact]
    public void Every_broken_rule_is_reported_at_once() =>
        Assert.Equal([PreloadMessage, TileSideMessage, TileOverlapMessage],
            Validate(new EngineOptions { Preload = ["nope"], TileSide = 100, TileOverlap = 60 }).Failures);
}
