using Cartoon.Gateway.Outbox;
using Cartoon.Gateway.Submission;
using Cartoon.Media;

namespace Cartoon.Gateway.Extensions;

public static class VideoExtensions
{
    /// <summary>
    /// Video items: the media layer (section "Media": ffprobe for the submit's probe and the limits a video is held to,
    /// validated at start), the validator that tells a video part from an image, and where video commands are sent.
    /// The chunk counting and the mux command live with the job state (AddJobs, the consumers of AddGatewayMode).
    /// </summary>
    public static IHostApplicationBuilder AddVideos(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCartoonMedia(builder.Configuration);
        builder.Services.AddSingleton<VideoValidator>();
        builder.Services.AddSingleton<VideoSendAddress>();
        return builder;
    }
}
