using Cartoon.Cli;

namespace Cartoon.Engine.Tests.Cli;

/// <summary>The CLI's progress line: count, bar and the stage of the group in flight, redrawn in place.</summary>
public sealed class ProgressBarTests
{
    [Fact]
    public void The_line_shows_the_stage_in_flight_and_clears_it_when_the_group_is_done()
    {
        var output = new StringWriter();
        using (var bar = new ProgressBar(output, total: 4, enabled: true))
        {
            bar.Stage("inferring");
            Assert.EndsWith("] 0/4 inferring ", output.ToString());
            bar.Advance(2);
            var line = output.ToString().Split('\r')[^1];
            Assert.StartsWith("[###############---------------] 2/4", line);
            Assert.DoesNotContain("inferring", line);
        }
        Assert.EndsWith(Environment.NewLine, output.ToString());
    }

    [Fact]
    public void Redirected_output_gets_no_bar()
    {
        var output = new StringWriter();
        using (var bar = new ProgressBar(output, total: 2, enabled: false))
        {
            bar.Stage("decoding");
            bar.Advance(2);
        }
        Assert.Equal("", output.ToString());
    }
}
