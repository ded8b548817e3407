using Cartoon.Worker;
using Cartoon.Messaging;
using Cartoon.Worker.Video;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Tests.Video;

/// <summary>The "Video" section: bound, validated when the host starts, and Video:Enabled=false removes the video queue.</summary>
public sealed class VideoOptionsTests
{
    [Theory]
    [InlineData("MaxFramesPerChunk", "0")]
    [InlineData("MaxFramesPerChunk", "257")]
    [InlineData("ConcurrentMessageLimit", "0")]
    [InlineData("ConsumeTimeout", "00:00:00")]
    [InlineData("QueueName", "")]
    [InlineData("TempDirectory", "/no/such/folder/for/cartoon")]
    public void A_bad_setting_fails_validation_naming_it(string key, string value)
    {
        using var services = Worker(new() { [$"Video:{key}"] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VideoOptions>>().Value);

        Assert.Contains(key, string.Join(" ", ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_the_shared_queue_one_message_at_a_time_and_chunks_of_at_most_16()
    {
        using var services = Worker([]);

        var options = services.GetRequiredService<IOptions<VideoOptions>>().Value;

        Assert.Equal(("cartoon-video", 1, 16, true), (options.QueueName, options.ConcurrentMessageLimit, options.MaxFramesPerChunk, options.Enabled));
        Assert.Equal("cartoon-video", services.GetRequiredService<VideoEndpointDefinition>().QueueName);
    }

    [Fact]
    public void Disabled_there_is_no_video_endpoint_and_no_media_layer_but_frame_chunks_are_still_bounded()
    {
        using var services = Worker(new() { ["Video:Enabled"] = "false" });

        Assert.Null(services.GetService<VideoEndpointDefinition>());
        Assert.Null(services.GetService<Media.VideoMuxer>());
        Assert.Equal(1, services.GetRequiredService<FrameChunkGate>().Capacity);
    }

    private static ServiceProvider Worker(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCartoonWorker(configuration);
        return services.BuildServiceProvider();
    }
}
