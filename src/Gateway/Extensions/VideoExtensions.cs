using Cartoon.Gateway.Submission;
using Cartoon.Media;

namespace Cartoon.Gateway.Extensions;

public static class VideoExtensions
{
    /// <summary>
    /// Video items: the media layer (section "Media": ffprobe for the submit's probe and the limits a video is held to,
    /// validated at start) and the validator that tells a video part from an image (video commands go to TierSendAddresses.Video).
    /// The chunk counting and the mux command live with the job state (AddJobs, the consumers of AddGatewayMode).
    /// </summary>
    public static IHostApplicationBuilder AddVideos(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCartoonMedia(builder.Configuration);
        builder.Services.AddSingleton<VideoValidator>();
        return builder;
    }
}
