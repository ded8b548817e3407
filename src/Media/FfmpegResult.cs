namespace Cartoon.Media;

/// <summary>A run that exited 0.</summary>
/// <param name="Stdout">Collected stdout when the command had no <see cref="FfmpegCommand.Stdout"/> reader, else empty.</param>
/// <param name="StderrTail">The last lines ffmpeg logged (warnings that did not stop it).</param>
public sealed record FfmpegResult(string Stdout, string StderrTail, TimeSpan Elapsed);
