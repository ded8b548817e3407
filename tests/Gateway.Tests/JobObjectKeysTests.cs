using Cartoon.Contracts;
using Cartoon.Storage;

namespace Cartoon.Gateway.Tests;

/// <summary>
/// Pins every key of the job layout byte for byte: objects already stored (and messages already queued) are found by
/// these strings, so a change to any format would orphan them. Written out literally, not rebuilt from the formats.
/// </summary>
public sealed class JobObjectKeysTests
{
    private static readonly Guid Job = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    public static TheoryData<string, string> Keys() => new()
    {
        { JobObjectKeys.JobPrefix(Job), "jobs/0f8fad5bd9cb469fa16570867728950e/" },
        { JobObjectKeys.Input(Job, 7), "jobs/0f8fad5bd9cb469fa16570867728950e/inputs/0007" },
        { JobObjectKeys.Input(Job, 12345), "jobs/0f8fad5bd9cb469fa16570867728950e/inputs/12345" },
        { JobObjectKeys.Result(Job, 3, "png"), "jobs/0f8fad5bd9cb469fa16570867728950e/results/0003.png" },
        { JobObjectKeys.Result(Job, 0, "mp4"), "jobs/0f8fad5bd9cb469fa16570867728950e/results/0000.mp4" },
        { JobObjectKeys.FramesPrefix(Job, 2), "jobs/0f8fad5bd9cb469fa16570867728950e/frames/0002/" },
        { JobObjectKeys.FrameChunk(Job, 2, 41), "jobs/0f8fad5bd9cb469fa16570867728950e/frames/0002/in/00041" },
        { JobObjectKeys.FrameFaces(Job, 2, 41), "jobs/0f8fad5bd9cb469fa16570867728950e/frames/0002/faces/00041.json" },
        { JobObjectKeys.CartoonChunk(Job, 2, 41), "jobs/0f8fad5bd9cb469fa16570867728950e/frames/0002/out/00041" },
        { JobObjectKeys.CancelMarker(Job), "jobs/0f8fad5bd9cb469fa16570867728950e/canceled" },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void Each_key_keeps_its_stored_format(string actual, string expected) => Assert.Equal(expected, actual);

    [Fact]
    public void Every_object_key_is_valid_in_both_stores_and_lies_under_the_job_prefix()
    {
        // Retention and DELETE remove a job by deleting its prefix: a key outside it would outlive the job.
        string[] objects =
        [
            JobObjectKeys.Input(Job, 0), JobObjectKeys.Result(Job, 0, "webp"), JobObjectKeys.FrameChunk(Job, 0, 0),
            JobObjectKeys.FrameFaces(Job, 0, 0), JobObjectKeys.CartoonChunk(Job, 0, 0), JobObjectKeys.CancelMarker(Job),
        ];
        Assert.All(objects, key =>
        {
            BlobKeys.Validate(key);
            Assert.StartsWith(JobObjectKeys.JobPrefix(Job), key, StringComparison.Ordinal);
        });
        BlobKeys.ValidatePrefix(JobObjectKeys.JobPrefix(Job));
        BlobKeys.ValidatePrefix(JobObjectKeys.FramesPrefix(Job, 0));
    }

    [Fact]
    public void Frame_objects_lie_under_their_items_frames_prefix_and_nothing_else_does()
    {
        // The mux deletes an item's frames prefix when it is done: its inputs and results must not be under it.
        var frames = JobObjectKeys.FramesPrefix(Job, 1);
        Assert.All([JobObjectKeys.FrameChunk(Job, 1, 9), JobObjectKeys.FrameFaces(Job, 1, 9), JobObjectKeys.CartoonChunk(Job, 1, 9)],
            key => Assert.StartsWith(frames, key, StringComparison.Ordinal));
        Assert.All([JobObjectKeys.Input(Job, 1), JobObjectKeys.Result(Job, 1, "mp4"), JobObjectKeys.FrameChunk(Job, 10, 0)],
            key => Assert.False(key.StartsWith(frames, StringComparison.Ordinal), key));
    }
}
