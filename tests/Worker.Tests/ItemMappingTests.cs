using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Worker.Consumers;

namespace Cartoon.Worker.Tests;

public class ItemMappingTests
{
    private static readonly DateTimeOffset Submitted = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    internal static CartoonizeItem Item(Guid? job = null, int index = 0, string format = "png", string style = "anime") => new()
    {
        JobId = job ?? Guid.NewGuid(),
        ItemIndex = index,
        TenantId = "t1",
        InputKey = $"in/{index}",
        ResultKey = $"out/{index}.{format}",
        Style = style,
        Strength = 0.7f,
        MaxSide = 800,
        Format = format,
        Quality = 77,
        WorkWidth = 512,
        WorkHeight = 384,
        Tier = "s",
        SubmittedAt = Submitted,
    };

    [Theory]
    [InlineData("png", OutputFormat.Png)]
    [InlineData("PNG", OutputFormat.Png)]
    [InlineData("jpeg", OutputFormat.Jpeg)]
    [InlineData("JPG", OutputFormat.Jpeg)]
    [InlineData(" WebP ", OutputFormat.Webp)]
    public void Formats_parse_case_insensitively(string text, OutputFormat expected)
    {
        Assert.True(ItemMapping.TryParseFormat(text, out var format));
        Assert.Equal(expected, format);
    }

    [Theory]
    [InlineData("gif")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_formats_do_not_parse(string? text) => Assert.False(ItemMapping.TryParseFormat(text, out _));

    [Fact]
    public void A_command_maps_to_a_request_with_its_options_and_id()
    {
        var item = Item(format: "Jpeg", style: "sketch");
        var input = new byte[] { 1, 2, 3 };

        Assert.True(ItemMapping.TryCreateRequest(item, input, out var request, out _));

        Assert.Equal(new CartoonParameters { Style = "sketch", Strength = 0.7f, MaxSide = 800, Format = OutputFormat.Jpeg, Quality = 77 }, request.Parameters);
        Assert.Equal(input, request.Image.ToArray());
        Assert.Equal(ItemMapping.RequestId(item), request.Id);
    }

    [Fact]
    public void A_command_with_an_unknown_format_fails_as_invalid_options()
    {
        Assert.False(ItemMapping.TryCreateRequest(Item(format: "bmp"), new byte[] { 1 }, out _, out var failure));
        Assert.Equal(FailureReasons.InvalidOptions, failure.Reason);
        Assert.Contains("bmp", failure.Message);
    }

    [Fact]
    public void Duplicates_within_a_group_run_once_in_first_seen_order()
    {
        var job = Guid.NewGuid();
        var a = Item(job, 0);
        var b = Item(job, 1);
        var c = Item(Guid.NewGuid(), 0);

        var distinct = ItemMapping.DistinctItems([a, b, a with { InputKey = "again" }, c, b]);

        Assert.Equal([a, b, c], distinct);
    }

    [Fact]
    public void Results_are_matched_by_id_whatever_their_order()
    {
        var requests = new[] { Request("a"), Request("b"), Request("c") };
        var results = new[] { Ok("c"), Ok("a"), CartoonResult.Failed("b", FailureReasons.InvalidImage, "bad") };

        var matched = ItemMapping.MatchResults(requests, results);

        Assert.Equal(["a", "b", "c"], matched.Select(r => r!.Id));
        Assert.False(matched[1]!.Succeeded);
    }

    [Fact]
    public void Results_without_ids_are_matched_by_position_when_the_counts_agree()
    {
        var requests = new[] { Request("a"), Request("b") };
        var results = new[] { Ok(null, width: 1), Ok(null, width: 2) };

        Assert.Equal([1, 2], ItemMapping.MatchResults(requests, results).Select(r => r!.Width));
    }

    [Fact]
    public void A_request_the_engine_left_out_gets_no_result()
    {
        var matched = ItemMapping.MatchResults([Request("a"), Request("b")], [Ok("b")]);
        Assert.Null(matched[0]);
        Assert.Equal("b", matched[1]!.Id);
    }

    [Fact]
    public void A_completed_event_carries_the_stable_id_group_size_shared_timing_and_warnings()
    {
        var item = Item(index: 3);
        var started = Submitted.AddMilliseconds(1500);
        var completed = started.AddMilliseconds(900);
        var result = Ok(ItemMapping.RequestId(item), width: 640, faces: 2, format: OutputFormat.Webp) with
        {
            UpscaleFactor = 2.5,
            Warnings = [ItemWarnings.Upscaled, ItemWarnings.AlphaFlattened],
        };

        var e = ItemMapping.Completed(item, result, ItemRun.Shared(8, 800), "cuda:0", started, completed);

        Assert.Equal(StableIds.ForItem(item.JobId, 3), e.EventId);
        Assert.Equal(item.JobId, e.JobId);
        Assert.Equal(3, e.ItemIndex);
        Assert.Equal(item.ResultKey, e.ResultKey);
        Assert.Equal("image/webp", e.ContentType);
        Assert.Equal(640, e.Width);
        Assert.Equal(2, e.Faces);
        Assert.Equal(2.5, e.UpscaleFactor);
        Assert.Equal(["upscaled", "alpha_flattened"], e.Warnings);
        Assert.Equal(8, e.BatchSize);
        Assert.Equal(100, e.InferenceMs);
        Assert.Equal(1500, e.QueueWaitMs);
        Assert.Equal("cuda:0", e.Device);
        Assert.Equal(started, e.StartedAt);
        Assert.Equal(completed, e.CompletedAt);
    }

    [Fact]
    public void A_failed_event_carries_the_reason_and_the_same_stable_id()
    {
        var item = Item(index: 5);
        var e = ItemMapping.Failed(item, new ItemFailure(FailureReasons.Canceled, "gone"), ItemRun.NotRun(4), "cpu",
            Submitted.AddSeconds(-1), Submitted);

        Assert.Equal(StableIds.ForItem(item.JobId, 5), e.EventId);
        Assert.Equal(FailureReasons.Canceled, e.Reason);
        Assert.Equal(4, e.BatchSize);
        Assert.Equal(0, e.InferenceMs);
        Assert.Equal(0, e.QueueWaitMs); // a clock skew never gives a negative wait
    }

    private static CartoonRequest Request(string id) => new(new byte[] { 1 }, new CartoonParameters(), id);

    private static CartoonResult Ok(string? id, int width = 10, int faces = 0, OutputFormat format = OutputFormat.Png) =>
        new() { Id = id, Output = [1, 2], Format = format, Width = width, Height = 10, Faces = faces };

    [Fact]
    public void Staged_is_one_event_for_the_whole_group_naming_every_item_of_every_job()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var at = Submitted.AddSeconds(3);
        var staged = ItemMapping.Staged(ItemStages.Inferring, [Item(a, 3), Item(b, 0), Item(a, 1)], "worker-1", "cpu", at);

        Assert.Equal(ItemStages.Inferring, staged.Stage);
        Assert.Equal([new ItemRef(a, 3), new ItemRef(b, 0), new ItemRef(a, 1)], staged.Items);
        Assert.Equal(3, staged.BatchSize);
        Assert.Equal("worker-1", staged.Worker);
        Assert.Equal("cpu", staged.Device);
        Assert.Equal(at, staged.At);
    }

    [Fact]
    public void The_engine_names_its_stages_as_the_api_does_in_the_order_a_worker_reports_them()
    {
        var named = Enum.GetValues<GroupStage>().Select(s => s.Name()).ToList();
        Assert.Equal(ItemStages.Running.Skip(1).Take(3), named);
    }
}
