// One card per photo or video of the batch: the original before, the cartoon after, its status and its own progress.

import { isVideoItem, playsAsVideo, resultContentType, videoPercent, videoProgressText } from './video.js';

const LABELS = {
  ready: 'Ready',
  rejected: 'Rejected',
  queued: 'Queued',
  processing: 'Processing',
  succeeded: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
};

// An item has no finer progress than its stage, so its bar shows the stage: waiting, each stage a worker reports
// (GET /v1/jobs/{id}/events), finished.
const STAGE_PERCENT = {
  ready: 0, queued: 0, processing: 10, fetching: 10, decoding: 25, inferring: 50, encoding: 80, storing: 90,
  succeeded: 100, failed: 100, canceled: 100, rejected: 100,
};

const STAGE_LABELS = {
  fetching: 'Reading the photo…', decoding: 'Preparing…', inferring: 'Cartoonizing…', encoding: 'Encoding…', storing: 'Saving…',
};

/** What a running item's placeholder says in its stage. */
export function stageText(stage) {
  return STAGE_LABELS[stage] ?? 'Cartoonizing…';
}

export function statusLabel(status) {
  return LABELS[status] ?? status;
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role') node.setAttribute(k, v);
    else node[k] = v;
  }
  node.append(...children.filter(Boolean));
  return node;
}

function placeholder(text) {
  return el('div', { class: 'placeholder' }, el('span', { text }));
}

/** Builds the card of a newly picked file; `onRemove` is called when its remove button is used. */
export function createCard(entry, onRemove) {
  const before = el('figure', { class: 'shot before' });
  if (entry.preview && entry.video) {
    // The local file itself (an object URL), so the original plays beside its cartoon without another download.
    const video = el('video', {
      class: 'original', src: entry.preview, muted: true, loop: true, playsInline: true, controls: true, preload: 'metadata',
      'aria-label': `Original: ${entry.file.name}`,
    });
    video.addEventListener('error', () => video.replaceWith(placeholder('No preview')), { once: true });
    before.append(video);
  } else if (entry.preview) {
    const img = el('img', { alt: `Original: ${entry.file.name}`, src: entry.preview, decoding: 'async' });
    img.addEventListener('error', () => img.replaceWith(placeholder('No preview')), { once: true });
    before.append(img);
  } else {
    before.append(placeholder('Fetched by the server')); // the page never loads a pasted address itself
  }
  before.append(el('figcaption', { text: 'Before' }));

  const after = el('figure', { class: 'shot after' }, placeholder('Cartoon appears here'), el('figcaption', { text: 'After' }));

  const name = el('p', { class: 'card-name', text: entry.file.name, title: entry.file.name });
  const detail = el('p', { class: 'card-detail', text: entry.url ? 'From the web' : formatBytes(entry.file.size) });
  const badge = el('span', { class: 'badge', 'data-status': 'ready', text: LABELS.ready });
  const bar = el('div', {
    class: 'progress small', role: 'progressbar', 'aria-label': `${entry.file.name} progress`,
    'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', 'aria-valuetext': LABELS.ready,
  }, el('div', { class: 'progress-fill' }));
  const message = el('p', { class: 'card-message', hidden: true });
  const warnings = el('ul', { class: 'card-warnings', hidden: true, 'aria-label': `Warnings for ${entry.file.name}` });
  const remove = el('button', { type: 'button', class: 'btn ghost small', text: 'Remove' });
  remove.setAttribute('aria-label', `Remove ${entry.file.name}`);
  remove.addEventListener('click', () => onRemove(entry));
  const download = el('button', { type: 'button', class: 'btn secondary small', text: 'Download', hidden: true });
  download.setAttribute('aria-label', `Download the cartoon of ${entry.file.name}`);

  const card = el('li', { class: 'card', 'data-status': 'ready', 'data-name': entry.file.name, 'data-kind': entry.video ? 'video' : 'image' },
    el('div', { class: 'shots' }, before, after),
    el('div', { class: 'card-body' },
      el('div', { class: 'card-title' }, el('div', { class: 'card-text' }, name, detail), badge),
      bar, message, warnings,
      el('div', { class: 'card-actions' }, remove, download)));

  return { card, after, detail, badge, bar, message, warnings, remove, download };
}

/**
 * Moves a card to `status` (and, for a job's item, `stage`); `message` is shown for rejections and failures.
 * `removable`: whether the photo may still be taken out of the batch (only before it is sent).
 */
export function setCardStatus(view, status, message, removable = status === 'ready', stage = null) {
  view.card.dataset.status = status;
  if (stage) view.card.dataset.stage = stage;
  view.badge.dataset.status = status;
  view.badge.textContent = statusLabel(status);
  const running = status === 'processing' && STAGE_LABELS[stage];
  const percent = STAGE_PERCENT[running ? stage : status] ?? 0;
  view.bar.setAttribute('aria-valuenow', String(percent));
  view.bar.setAttribute('aria-valuetext', running ? `${statusLabel(status)}: ${stage}` : statusLabel(status));
  view.bar.style.setProperty('--value', `${percent}%`);
  view.bar.classList.toggle('running', status === 'processing');
  view.message.hidden = !message;
  view.message.textContent = message ?? '';
  view.remove.hidden = !removable;
}

// What each warning code tells the person looking at the card (docs/api.md, "Item warnings").
const WARNINGS = {
  upscaled: 'Upscaled: the cartoon was drawn at a smaller size and enlarged, so fine detail is soft.',
  no_face: 'No face found: the whole picture was cartoonized as background.',
  small_face: 'Small face: a face was too small for full detail.',
  alpha_flattened: 'Transparency flattened onto white: JPEG cannot keep it (PNG and WebP do).',
  first_frame_only: 'Animated image: only its first frame was used.',
  color_profile_dropped: 'Colour profile dropped: colours may look slightly different.',
};

export function warningText(code) {
  return WARNINGS[code] ?? code;
}

/** Lists the result's warnings under the card (or nothing), each with its stable code for scripts and tests. */
export function showWarnings(view, warnings) {
  view.warnings.replaceChildren(...(warnings ?? []).map(code => el('li', { 'data-code': code, text: warningText(code) })));
  view.warnings.hidden = !(warnings?.length);
}

/**
 * A video item's progress from its `video` fields: frames done of the total, frames per second and time left under
 * the card's name, and the bar at frames done while the frames go through. Nothing for a picture.
 */
export function showVideoProgress(view, item) {
  if (!isVideoItem(item) || !item.video) return;
  view.card.dataset.kind = 'video';
  view.card.dataset.framesDone = String(item.video.framesDone);
  view.card.dataset.framesTotal = String(item.video.framesTotal ?? '');
  if (item.status !== 'processing' && item.status !== 'queued') return;
  view.detail.textContent = videoProgressText(item.video);
  const percent = videoPercent(item.video);
  if (item.status === 'processing' && percent != null) {
    view.bar.setAttribute('aria-valuenow', String(percent));
    view.bar.setAttribute('aria-valuetext', `${statusLabel(item.status)}: ${videoProgressText(item.video)}`);
    view.bar.style.setProperty('--value', `${percent}%`);
  }
}

/** Shows the cartoon once its URL is usable: a picture, an animation (GIF, WebP) or a video that plays. */
export function showResult(view, src, item) {
  const label = `Cartoon of ${item.fileName ?? 'photo'}`;
  const result = playsAsVideo(resultContentType(item))
    ? el('video', { class: 'result', src, muted: true, loop: true, autoplay: true, playsInline: true, controls: true, 'aria-label': label })
    : el('img', { class: 'result', src, alt: label, decoding: 'async' });
  result.dataset.expectedWidth = String(item.result.width ?? '');
  result.dataset.expectedHeight = String(item.result.height ?? '');
  view.after.querySelector('.placeholder, img, video')?.replaceWith(result);
  const faces = item.result.faces ?? 0;
  const frames = isVideoItem(item) && item.video ? ` · ${item.video.framesTotal ?? item.video.framesDone} frames` : '';
  view.detail.textContent = `${item.result.width}×${item.result.height}${frames} · ${faces} ${faces === 1 ? 'face' : 'faces'}`
    + (item.inferenceMs ? ` · ${(item.inferenceMs / 1000).toFixed(1)} s` : '');
  showWarnings(view, item.result.warnings);
  view.download.hidden = false;
}

export function showAfterPlaceholder(view, text) {
  view.after.querySelector('.placeholder span')?.replaceChildren(text);
}
