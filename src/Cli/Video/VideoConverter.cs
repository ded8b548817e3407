using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Cartoon.Engine;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Tracking;
using Cartoon.Media;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Cli.Video;

/// <summary>
/// Converts one video on this machine: the extractor hands out chunks of frames; per chunk ONE detector call, ONE
/// tracker (the clip's, so faces keep their ids and steady landmarks across chunks) and ONE group call over the chunk's
/// frames with their tracked faces; the cartoons go to the muxer, which encodes while the next chunk is worked on and
/// carries the source's audio over.
/// </summary>
internal sealed class VideoConverter(ICartoonEngine engine, CliMedia media)
{
    public async Task<VideoConversion> ConvertAsync(VideoJob job, ProgressBar? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var clock = new VideoStageClock();
        var tracker = new FaceTracker(new FaceTrackerOptions { FramesPerSecond = job.Info.FrameRate.Value });
        var trackIds = new HashSet<int>();
        // One chunk deep: the muxer encodes the previous chunk while this one is in the nets, and no more is held.
        var cartoons = Channel.CreateBounded<Image<Rgb24>>(
            new BoundedChannelOptions(job.FramesPerChunk) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = new MuxRequest(job.Format, job.Info.FrameRate) { AudioSourcePath = job.Input };
        var mux = MuxAsync();

        int frames;
        try
        {
            progress?.Stage(VideoStage.Extract.ItemStage());
            frames = await media.Extractor.ExtractAsync(job.Input, job.Info, job.FramesPerChunk, async (chunk, ct) =>
            {
                clock.Lap(VideoStage.Extract);
                var outputs = await CartoonizeAsync(chunk, job.Parameters, tracker, trackIds, clock, progress, ct);
                progress?.Stage(VideoStage.Mux.ItemStage());
                foreach (var frame in outputs)
                    await cartoons.Writer.WriteAsync(frame, ct);
                clock.Lap(VideoStage.Mux);
                progress?.Advance(chunk.Count);
                progress?.Stage(VideoStage.Extract.ItemStage());
            }, stop.Token);
            cartoons.Writer.Complete();
        }
        catch (Exception ex)
        {
            cartoons.Writer.TryComplete(ex);
            await stop.CancelAsync();
            try
            {
                await mux;
            }
            catch (Exception muxError) when (ex is OperationCanceledException && muxError is not OperationCanceledException
                                              && !cancellationToken.IsCancellationRequested)
            {
                // The muxer failed first and stopped the extraction: its reason is the one to tell.
                throw;
            }
            catch (Exception)
            {
                // The muxer was stopped because of ex, and removed its partial output.
            }
            throw;
        }

        progress?.Stage(VideoStage.Mux.ItemStage());
        var written = await mux;
        clock.Lap(VideoStage.Mux);
        return new VideoConversion(job.OutputPath, frames, trackIds.Count, clock.Elapsed, clock.Stages, clock.NetMilliseconds, written);

        async Task<MuxResult> MuxAsync()
        {
            // On its own thread: it writes to ffmpeg while the extraction goes on here.
            await Task.Yield();
            try
            {
                return await media.Muxer.MuxAsync(Drain(cartoons.Reader, stop.Token), request, job.OutputPath, stop.Token);
            }
            catch
            {
                // A failed muxer takes no more frames: stop the extraction, which would wait for it forever.
                await stop.CancelAsync();
                throw;
            }
        }
    }

    private async Task<List<Image<Rgb24>>> CartoonizeAsync(FrameChunk chunk, CartoonParameters options, FaceTracker tracker, HashSet<int> trackIds,
        VideoStageClock clock, ProgressBar? progress, CancellationToken cancellationToken)
    {
        progress?.Stage(VideoStage.Detect.ItemStage());
        var pixels = chunk.Frames.Select(PixelBuffer.From).ToArray();
        clock.Lap(VideoStage.Frames);
        var detected = await engine.DetectFacesAsync(pixels, options.Detail, cancellationToken);
        clock.Lap(VideoStage.Detect);
        var tracked = tracker.UpdateChunk(chunk.FirstFrameIndex, detected);
        foreach (var face in tracked.SelectMany(frame => frame.Faces))
            trackIds.Add(face.TrackId);
        clock.Lap(VideoStage.Track);

        var frameOptions = options with { Format = CartoonFrames.Format };
        var requests = pixels.Select((frame, i) => CartoonRequest.ForFrame(frame, frameOptions, tracked[i].RequestFaces(),
            (chunk.FirstFrameIndex + i).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var group = await engine.CartoonizeAsync(requests, cancellationToken);
        clock.AddNets(group.Stats.InferenceMs);
        clock.Lap(VideoStage.Cartoonize);

        var outputs = new List<Image<Rgb24>>(group.Items.Count);
        try
        {
            for (var i = 0; i < group.Items.Count; i++)
            {
                var result = group.Items[i];
                if (!result.Succeeded)
                    throw new VideoFrameFailedException(chunk.FirstFrameIndex + i, result.FailureReason!, result.FailureMessage!);
                outputs.Add(CartoonFrames.ToFrame(result));
            }
        }
        catch
        {
            outputs.ForEach(frame => frame.Dispose());
            throw;
        }
        clock.Lap(VideoStage.Frames);
        return outputs;
    }

    /// <summary>The cartoons in order for the muxer, each disposed once it has asked for the next (it is done with it then).</summary>
    private static async IAsyncEnumerable<Image<Rgb24>> Drain(ChannelReader<Image<Rgb24>> reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var frame in reader.ReadAllAsync(cancellationToken))
        {
            try
            {
                yield return frame;
            }
            finally
            {
                frame.Dispose();
            }
        }
    }
}
