using System.Text;

namespace Cartoon.Gateway.Streaming;

/// <summary>
/// How far a client of a job's event stream got: per item the last step it was sent (0 queued, 1–5 the running stages
/// in order, 6 its outcome) and whether the job's final event was sent. It is the SSE event id, so a reconnect with
/// Last-Event-ID resumes exactly where the client was, at any replica: the stream derives what is new from the
/// database, not from memory. Format: <c>1.</c> then one digit per item, then <c>.done</c> once the job finished.
/// <para>The frames of a video item last sent (<see cref="FramesSent"/>) are this stream's memory only, not part of the
/// id: progress is a level, not history, so a resumed stream just sends each video's current count once.</para>
/// </summary>
public sealed class JobStreamCursor
{
    public const int Outcome = 6;
    private const string Version = "1.";
    private const string DoneSuffix = ".done";

    private readonly int[] _steps;
    private readonly int[] _frames;

    private JobStreamCursor(int[] steps, bool done)
    {
        _steps = steps;
        _frames = new int[steps.Length];
        Done = done;
    }

    public bool Done { get; private set; }

    public int Items => _steps.Length;

    public int this[int item] => _steps[item];

    public static JobStreamCursor Start(int items) => new(new int[items], false);

    /// <summary>The cursor of a Last-Event-ID for a job of <paramref name="items"/> items; null when it is not one of this job's.</summary>
    public static JobStreamCursor? Parse(string? id, int items)
    {
        if (id is null || !id.StartsWith(Version, StringComparison.Ordinal))
            return null;
        var body = id.AsSpan(Version.Length);
        var done = body.EndsWith(DoneSuffix, StringComparison.Ordinal);
        if (done)
            body = body[..^DoneSuffix.Length];
        if (body.Length != items)
            return null;
        var steps = new int[items];
        for (var i = 0; i < items; i++)
        {
            var step = body[i] - '0';
            if (step is < 0 or > Outcome)
                return null;
            steps[i] = step;
        }
        return new JobStreamCursor(steps, done);
    }

    /// <summary>Item <paramref name="item"/> was sent <paramref name="step"/> (never moves back).</summary>
    public void Advance(int item, int step) => _steps[item] = Math.Max(_steps[item], step);

    public void Finish() => Done = true;

    /// <summary>The frame count of video item <paramref name="item"/> this stream sent last.</summary>
    public int FramesSent(int item) => _frames[item];

    public void SendFrames(int item, int frames) => _frames[item] = Math.Max(_frames[item], frames);

    public override string ToString()
    {
        var id = new StringBuilder(Version.Length + _steps.Length + DoneSuffix.Length).Append(Version);
        foreach (var step in _steps)
            id.Append((char)('0' + step));
        if (Done)
            id.Append(DoneSuffix);
        return id.ToString();
    }
}
