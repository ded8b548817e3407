using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cartoon.Media.Tests;

public sealed class MediaOptionsTests
{
    [Fact]
    public void Defaults_are_valid_on_a_machine_with_ffmpeg_and_prlimit()
    {
        Assert.True(new MediaOptionsValidator().Validate(null, new MediaOptions()).Succeeded);
    }

    [Fact]
    public void Every_bad_setting_is_named()
    {
        var options = new MediaOptions
        {
            FfmpegPath = "/nowhere/ffmpeg",
            Threads = 65,
            ProbeTimeout = TimeSpan.Zero,
            MuxTimeout = TimeSpan.FromSeconds(-1),
            MemoryLimitBytes = 1024,
            Limits = { MaxFrameWidth = 8, MaxFrames = 0, MaxDuration = TimeSpan.Zero },
            Encoding = { H264Preset = "warp", Vp9CpuUsed = 9 },
        };

        ValidateOptionsResult result = new MediaOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        string message = string.Join('\n', result.Failures!);
        Assert.DoesNotContain("Media:ExtractTimeout", message, StringComparison.Ordinal);
        foreach (string setting in new[] { "Media:FfmpegPath '/nowhere/ffmpeg'", "Media:Threads", "Media:ProbeTimeout must be positive",
                     "Media:MuxTimeout must be positive", "Media:MemoryLimitBytes", "Media:Limits:MaxDuration must be positive", "Media:Limits:MaxFrameWidth", "Media:Limits:MaxFrames", "Media:Encoding:H264Preset", "Media:Encoding:Vp9CpuUsed" })
            Assert.Contains(setting, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_binds_the_section_and_validates_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Media:Limits:MaxDuration"] = "00:00:30",
            ["Media:FfprobePath"] = "no-such-ffprobe",
        }).Build();
        using ServiceProvider services = new ServiceCollection().AddCartoonMedia(configuration).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MediaOptions>>().Value);

        Assert.Contains("Media:FfprobePath 'no-such-ffprobe' was not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_provides_the_media_services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Media:Limits:MaxDuration"] = "00:00:30",
        }).Build();
        using ServiceProvider services = new ServiceCollection().AddCartoonMedia(configuration).BuildServiceProvider();

        Assert.Equal(TimeSpan.FromSeconds(30), services.GetRequiredService<IOptions<MediaOptions>>().Value.Limits.MaxDuration);
        Assert.NotNull(services.GetRequiredService<MediaProbe>());
        Assert.NotNull(services.GetRequiredService<FrameExtractor>());
        Assert.NotNull(services.GetRequiredService<VideoMuxer>());
    }
}
