// Videos in the batch: telling a picked file is one, and what a video item's `video` fields (GET /v1/jobs/{id}) say.
// An item view of kind "video" carries { framesDone, framesTotal, framesPerSecond, etaSeconds, frameRate, format };
// framesTotal is null until the video is probed, framesPerSecond and etaSeconds until the rate is measured. The
// stream's "item.progress" events carry the whole item view, as its outcome events do.

const VIDEO_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.webm', '.mkv'];

/** Whether a picked file is a video by its type or name (an animated GIF or WebP is told by the gateway, from its content). */
export function isVideoFile(file) {
  const name = (file.name ?? '').toLowerCase();
  return Boolean(file.type?.startsWith('video/')) || VIDEO_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/** Whether a job's item is a video (or an animation converted as one). */
export function isVideoItem(item) {
  return item?.kind === 'video';
}

/** 0–100 for a video's bar while its frames go through: frames done over frames total. */
export function videoPercent(video) {
  if (!video?.framesTotal) return null;
  return Math.min(100, Math.round((1000 * video.framesDone) / video.framesTotal) / 10);
}

/** "120 / 300 frames · 8.5 fps · about 21 s left": the total, the rate and the time left only once known. */
export function videoProgressText(video) {
  const parts = [video.framesTotal ? `${video.framesDone} / ${video.framesTotal} frames` : `${video.framesDone} frames`];
  if (video.framesPerSecond != null) parts.push(`${video.framesPerSecond.toFixed(1)} fps`);
  if (video.etaSeconds != null) parts.push(`about ${formatEta(video.etaSeconds)} left`);
  return parts.join(' · ');
}

function formatEta(seconds) {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}

const FORMAT_TYPES = { mp4: 'video/mp4', webm: 'video/webm', gif: 'image/gif', webp: 'image/webp' };

/** The result's content type: as the item says, else (a video item without one) from its output format. */
export function resultContentType(item) {
  return item.result?.contentType ?? (isVideoItem(item) ? FORMAT_TYPES[item.video?.format] : null) ?? null;
}

/** A result plays in a <video> when it is one (MP4, WebM); a GIF or WebP animates in an <img>. */
export function playsAsVideo(contentType) {
  return Boolean(contentType?.startsWith('video/'));
}
