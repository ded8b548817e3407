using System.Text.Json;
using Cartoon.Engine.Faces;
using Cartoon.Engine.Tracking;
using static Cartoon.Engine.Tests.Tracking.SyntheticFaces;

namespace Cartoon.Engine.Tests.Tracking;

public sealed class FaceTrackerTests
{
    [Fact]
    public void Two_faces_that_cross_keep_their_ids_and_their_order()
    {
        var tracker = new FaceTracker();
        var frames = new List<FrameFaces>();
        for (var t = 0; t < 30; t++)
        {
            // A walks right at y 200, B walks left at y 260: their boxes overlap (IoU up to 0.25) as they pass.
            var a = At(100 + 10 * t, 200);
            var b = At(400 - 10 * t, 260);
            // The detector lists faces largest first, i.e. in no particular order here: alternate it.
            frames.Add(tracker.Update(t, t % 2 == 0 ? [a, b] : [b, a]));
        }

        Assert.All(frames, frame =>
        {
            Assert.Equal(2, frame.Faces.Count);
            Assert.True(frame.Faces[0].TrackId < frame.Faces[1].TrackId, "faces come out by track id");
            Assert.InRange(CentreY(frame.Faces[0].Face), 195, 205); // the first track is A all along
            Assert.InRange(CentreY(frame.Faces[1].Face), 255, 265);
        });
        Assert.Single(frames.Select(f => f.Faces[0].TrackId).Distinct());
        Assert.Single(frames.Select(f => f.Faces[1].TrackId).Distinct());
        Assert.True(CentreX(frames[0].Faces[0].Face) < CentreX(frames[0].Faces[1].Face));
        Assert.True(CentreX(frames[^1].Faces[0].Face) > CentreX(frames[^1].Faces[1].Face), "A ends right of B, still first");
    }

    [Fact]
    public void A_face_hidden_behind_another_while_they_cross_coasts_and_comes_back_with_its_id()
    {
        var tracker = new FaceTracker();
        var frames = new List<FrameFaces>();
        for (var t = 0; t < 30; t++)
        {
            var a = At(100 + 10 * t, 200);
            var b = At(400 - 10 * t, 200);
            // Same height: while they overlap, only B (in front) is detected; A is hidden for 3 frames.
            var hidden = Math.Abs(CentreX(a) - CentreX(b)) < 25;
            frames.Add(tracker.Update(t, hidden ? [b] : [a, b]));
        }

        var idA = frames[0].Faces[0].TrackId;
        var idB = frames[0].Faces[1].TrackId;
        Assert.Contains(frames, f => f.Faces.Any(face => face.MissedFrames > 0));
        Assert.All(frames, frame => Assert.Equal([idA, idB], frame.Faces.Select(f => f.TrackId)));
        // After the crossing A is right of B, and each track follows its own face.
        Assert.InRange(CentreX(frames[^1].Faces[0].Face), 380, 400);
        Assert.InRange(CentreX(frames[^1].Faces[1].Face), 100, 120);
    }

    [Fact]
    public void A_face_missed_for_two_frames_keeps_its_id_and_its_place_meanwhile()
    {
        var tracker = new FaceTracker();
        var face = At(300, 200);

        var frames = Enumerable.Range(0, 8).Select(t => tracker.Update(t, t is 3 or 4 ? [] : [face])).ToList();

        var id = Assert.Single(frames[0].Faces).TrackId;
        Assert.All(frames, frame => Assert.Equal(id, Assert.Single(frame.Faces).TrackId));
        Assert.Equal([0, 0, 0, 1, 2, 0, 0, 0], frames.Select(f => f.Faces[0].MissedFrames));
        Assert.InRange(CentreX(frames[4].Faces[0].Face), 299, 301);
    }

    [Fact]
    public void A_face_gone_longer_than_the_coasting_limit_is_dropped_and_comes_back_as_a_new_track()
    {
        var tracker = new FaceTracker(new FaceTrackerOptions { MaxMissedFrames = 2 });
        var face = At(300, 200);

        var frames = Enumerable.Range(0, 8).Select(t => tracker.Update(t, t is >= 2 and <= 4 ? [] : [face])).ToList();

        Assert.Single(frames[3].Faces);
        Assert.Empty(frames[4].Faces);
        Assert.NotEqual(frames[0].Faces[0].TrackId, frames[5].Faces[0].TrackId);
        Assert.Equal(0, frames[5].Faces[0].MissedFrames);
    }

    [Fact]
    public void New_faces_get_new_ids_left_to_right_and_join_the_order_after_the_known_ones()
    {
        var tracker = new FaceTracker();
        var first = tracker.Update(0, [At(500, 200)]);

        var second = tracker.Update(1, [At(700, 200), At(500, 200), At(100, 200)]);

        var known = Assert.Single(first.Faces).TrackId;
        Assert.Equal(3, second.Faces.Count);
        Assert.Equal(known, second.Faces[0].TrackId);
        Assert.InRange(CentreX(second.Faces[1].Face), 99, 101); // the new face on the left got the lower new id
        Assert.InRange(CentreX(second.Faces[2].Face), 699, 701);
        Assert.Equal(3, second.Faces.Select(f => f.TrackId).Distinct().Count());
        Assert.True(second.Faces[1].TrackId > known && second.Faces[2].TrackId > second.Faces[1].TrackId);
    }

    [Fact]
    public void Landmarks_of_a_still_face_jitter_several_times_less_than_the_detections()
    {
        var tracker = new FaceTracker();
        var random = new Random(11);
        var truth = At(320, 240, size: 160);
        var detections = Enumerable.Range(0, 60).Select(_ => Jittered(truth, 2f, random)).ToList();

        var tracked = detections.Select((d, t) => tracker.Update(t, [d]).Faces[0].Face).ToList();

        var raw = FrameToFrame(detections);
        var smoothed = FrameToFrame(tracked);
        Assert.True(smoothed < raw / 3, $"mean landmark step {raw:F3} px raw, {smoothed:F3} px tracked");
    }

    [Fact]
    public void Chunks_of_one_video_go_on_where_the_previous_ended_and_frames_must_move_forward()
    {
        var whole = new FaceTracker();
        var chunked = new FaceTracker();
        var random = new Random(5);
        var detections = Enumerable.Range(0, 32).Select(t => (IReadOnlyList<DetectedFace>)[Jittered(At(200 + 3 * t, 200), 2f, random)]).ToList();

        var once = whole.UpdateChunk(0, detections);
        var inChunks = chunked.UpdateChunk(0, detections.Take(16).ToList()).Concat(chunked.UpdateChunk(16, detections.Skip(16).ToList())).ToList();

        Assert.Equal(once.Select(f => f.Faces[0].Face.Landmarks), inChunks.Select(f => f.Faces[0].Face.Landmarks));
        Assert.Equal(Enumerable.Range(0, 32), inChunks.Select(f => f.Frame));
        Assert.Throws<ArgumentOutOfRangeException>(() => chunked.Update(31, []));
    }

    [Fact]
    public void A_frame_s_faces_round_trip_through_json()
    {
        var tracker = new FaceTracker();
        tracker.Update(0, [At(100, 100), At(300, 100)]);
        var frame = tracker.Update(1, [At(102, 100)]);

        var json = JsonSerializer.Serialize(frame, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var back = JsonSerializer.Deserialize<FrameFaces>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        Assert.DoesNotContain("area", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(frame.Frame, back.Frame);
        Assert.Equal(frame.Faces.Select(f => (f.TrackId, f.MissedFrames, f.Face.X1, f.Face.Y2, f.Face.Score)),
            back.Faces.Select(f => (f.TrackId, f.MissedFrames, f.Face.X1, f.Face.Y2, f.Face.Score)));
        Assert.Equal(frame.RequestFaces().SelectMany(f => f.Landmarks), back.RequestFaces().SelectMany(f => f.Landmarks));
    }

    /// <summary>Mean absolute change of a landmark coordinate from one frame to the next.</summary>
    private static double FrameToFrame(IReadOnlyList<DetectedFace> faces) =>
        Enumerable.Range(1, faces.Count - 1)
            .SelectMany(t => faces[t].Landmarks.Zip(faces[t - 1].Landmarks, (a, b) => Math.Abs(a - b)))
            .Average();
}
