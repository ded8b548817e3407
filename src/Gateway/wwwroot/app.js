// The batch page: pick photos, choose a style, submit one job, follow it live over GET /v1/jobs/{id}/events (polling
// GET /v1/jobs/{id} where the stream cannot be used).
// Everything shown about progress comes from the API; nothing is simulated.

import { ApiError, apiKey, cancelJob, getJob, getStyles, resourceUrl, setApiKey, streamJob, submitJob, zipUrl } from './api.js';
import { createCard, formatBytes, setCardStatus, showAfterPlaceholder, showResult, showVideoProgress, stageText } from './cards.js';
import { isVideoFile, resultContentType } from './video.js';

const MAX_IMAGES = 100; // Uploads:MaxImagesPerJob default; the gateway enforces its own value
const MAX_BYTES = 20 * 1024 * 1024; // Uploads:MaxImageBytes default
const MAX_VIDEO_BYTES = 200 * 1024 * 1024; // Media:Limits:MaxBytes default
const POLL_MS = 1000;
const STYLE_NAMES = {
  '3d': '3D', anime: 'Anime', artstyle: 'Art style', design: 'Design',
  handdrawn: 'Hand-drawn', illustration: 'Illustration', sketch: 'Sketch',
};

const $ = (id) => document.getElementById(id);
const ui = {
  form: $('job-form'), drop: $('drop-zone'), input: $('file-input'), pickMessage: $('pick-message'),
  styles: $('style-grid'), strength: $('strength'), strengthValue: $('strength-value'), maxSide: $('max-side'),
  format: $('format'), detail: $('detail'), submit: $('submit'), formError: $('form-error'),
  batch: $('batch'), status: $('batch-status'), summary: $('batch-summary'), progress: $('batch-progress'),
  actions: $('batch-actions'), downloadAll: $('download-all'), cancel: $('cancel'), newBatch: $('new-batch'),
  gallery: $('gallery'), settings: $('settings'), key: $('api-key'), keyClear: $('api-key-clear'),
  url: $('image-url'), addUrl: $('add-url'),
};

/**
 * entries: one per picked file or added address, in pick order; `part` is the item index the gateway gives it
 * (uploads first, then addresses, each in order).
 */
const state = { entries: [], job: null, timer: null, stream: null, busy: false, revokers: [] };
let nextEntryId = 0;

// --- photos --------------------------------------------------------------------------------------------------

function addFiles(files) {
  if (state.job || state.busy) return;
  let dropped = 0;
  for (const file of files) {
    if (state.entries.length >= MAX_IMAGES) {
      dropped++;
      continue;
    }
    const entry = { id: nextEntryId++, file, video: isVideoFile(file), preview: URL.createObjectURL(file), localError: localProblem(file) };
    entry.view = createCard(entry, removeEntry);
    state.entries.push(entry);
    ui.gallery.append(entry.view.card);
    setCardStatus(entry.view, entry.localError ? 'rejected' : 'ready', entry.localError, true);
  }
  ui.pickMessage.hidden = dropped === 0;
  ui.pickMessage.textContent = dropped
    ? `A batch holds at most ${MAX_IMAGES} photos: ${dropped} ${dropped === 1 ? 'was' : 'were'} left out. Send them in a second batch.`
    : '';
  refreshComposer();
}

/**
 * A photo given by its address: the gateway fetches it (https only and public hosts only, unless configured otherwise)
 * and says on the card why when it cannot.
 */
function addUrl(address) {
  if (state.job || state.busy) return;
  const url = address.trim();
  if (!url) return;
  if (state.entries.length >= MAX_IMAGES) {
    ui.pickMessage.hidden = false;
    ui.pickMessage.textContent = `A batch holds at most ${MAX_IMAGES} photos.`;
    return;
  }
  let name = url;
  let localError = null;
  try {
    const parsed = new URL(url);
    name = decodeURIComponent(parsed.pathname.split('/').filter(Boolean).pop() ?? '') || parsed.hostname;
  } catch {
    localError = 'Not a web address.';
  }
  const entry = { id: nextEntryId++, url, file: { name, size: null }, preview: null, localError };
  entry.view = createCard(entry, removeEntry);
  state.entries.push(entry);
  ui.gallery.append(entry.view.card);
  setCardStatus(entry.view, localError ? 'rejected' : 'ready', localError, true);
  ui.url.value = '';
  refreshComposer();
}

/** What can be told before upload; the gateway checks the content itself (a renamed text file is its call). */
function localProblem(file) {
  if (file.size === 0) return 'This file is empty.';
  if (isVideoFile(file)) {
    return file.size > MAX_VIDEO_BYTES ? `Too large: ${formatBytes(file.size)}; at most ${formatBytes(MAX_VIDEO_BYTES)} per video.` : null;
  }
  if (file.size > MAX_BYTES) return `Too large: ${formatBytes(file.size)}; at most ${formatBytes(MAX_BYTES)} per photo.`;
  if (file.type && !file.type.startsWith('image/')) return `Not an image or a video (${file.type}).`;
  return null;
}

function removeEntry(entry) {
  if (entry.preview) URL.revokeObjectURL(entry.preview);
  entry.view.card.remove();
  state.entries = state.entries.filter((e) => e !== entry);
  refreshComposer();
  (ui.gallery.querySelector('button:not([hidden])') ?? ui.drop.querySelector('button'))?.focus();
}

/** Photos that go with the next submit: not refused here, nor by the gateway on an earlier try. */
function sendable() {
  return state.entries.filter((e) => !e.localError && !e.rejected);
}

function refreshComposer() {
  const count = sendable().length;
  ui.batch.hidden = state.entries.length === 0;
  ui.submit.disabled = count === 0 || state.busy || Boolean(state.job);
  ui.submit.textContent = state.job ? 'Batch sent'
    : count === 0 ? 'Choose photos to start' : `Cartoonize ${count} ${count === 1 ? 'photo' : 'photos'}`;
  if (!state.job) {
    const skipped = state.entries.length - count;
    setBatchStatus('ready', 'Ready');
    ui.summary.textContent = `${count} ${count === 1 ? 'photo' : 'photos'} ready`
      + (skipped ? ` · ${skipped} will not be sent` : '');
  }
}

// --- styles --------------------------------------------------------------------------------------------------

async function loadStyles() {
  let styles = Object.keys(STYLE_NAMES);
  let chosen = 'anime';
  try {
    const answer = await getStyles();
    styles = answer.styles;
    chosen = answer.default ?? chosen;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) showFormError(e.message, true);
  }
  for (const style of styles) {
    const id = `style-${style}`;
    const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'style', value: style, id, checked: style === chosen });
    const label = document.createElement('label');
    label.htmlFor = id;
    label.className = 'style-card';
    const img = Object.assign(document.createElement('img'), { src: `styles/${style}.jpg`, alt: '', width: 96, height: 96, loading: 'lazy' });
    img.addEventListener('error', () => img.remove(), { once: true });
    const name = Object.assign(document.createElement('span'), { textContent: STYLE_NAMES[style] ?? style });
    label.append(img, name);
    ui.styles.append(input, label);
  }
}

// --- submit --------------------------------------------------------------------------------------------------

async function submit(event) {
  event.preventDefault();
  const entries = sendable();
  if (entries.length === 0 || state.busy || state.job) return;
  showFormError(null);
  state.busy = true;
  lockComposer(true);
  ui.submit.textContent = 'Uploading…';

  const form = new FormData();
  for (const entry of state.entries) delete entry.part; // parts are numbered afresh on every try
  const uploads = entries.filter((e) => !e.url);
  const addresses = entries.filter((e) => e.url);
  uploads.forEach((entry, part) => {
    entry.part = part;
    form.append('images', entry.file, entry.file.name);
  });
  addresses.forEach((entry, i) => {
    entry.part = uploads.length + i;
    form.append('imageUrl', entry.url);
  });
  form.append('style', ui.form.elements.style.value);
  form.append('strength', ui.strength.value);
  if (ui.maxSide.value) form.append('maxSide', ui.maxSide.value);
  form.append('format', ui.format.value);
  form.append('detail', ui.detail.value);

  try {
    const job = await submitJob(form);
    state.job = job;
    applyRejected(entries, job.rejected);
    render(job);
    ui.actions.hidden = false;
    ui.progress.hidden = false;
    ui.batch.scrollIntoView({ behavior: 'smooth', block: 'start' });
    follow(job);
  } catch (e) {
    if (e instanceof ApiError) {
      applyRejected(entries, e.problem.rejected);
      showFormError(e.message, e.status === 401);
    } else {
      showFormError('Something went wrong while sending the photos.');
      console.error(e);
    }
    lockComposer(false);
  } finally {
    state.busy = false;
    refreshComposer();
  }
}

/** `rejected[].index` is the item index the gateway gave the part, which is how entries were numbered. */
function applyRejected(entries, rejected) {
  for (const r of rejected ?? []) {
    const entry = entries.find((e) => e.part === r.index);
    if (!entry) continue;
    entry.rejected = r;
    setCardStatus(entry.view, 'rejected', r.message, !state.job); // after a refused request it can be taken out
    showAfterPlaceholder(entry.view, 'Not processed');
  }
}

function lockComposer(locked) {
  for (const control of ui.form.querySelectorAll('input, select, button')) control.disabled = locked;
  ui.drop.classList.toggle('locked', locked);
  if (!locked) refreshComposer();
}

// --- progress ------------------------------------------------------------------------------------------------

/**
 * Follows the job over its event stream, reconnecting with the last event id when the server rotates the connection;
 * polls instead when the stream cannot be used (a proxy that buffers, the gateway's stream limit, an old browser).
 */
async function follow(job) {
  const controller = new AbortController();
  state.stream = controller;
  let lastId = null;
  let failures = 0;
  let idle = 0;
  while (state.job?.id === job.id && !isTerminal(state.job.status)) {
    let received = 0;
    try {
      lastId = await streamJob(job.id, lastId, (e) => {
        received++;
        applyEvent(job.id, e);
      }, controller.signal);
      failures = 0;
      idle = received === 0 ? idle + 1 : 0;
      if (idle >= 2) break; // ended twice with nothing new: let polling settle it
    } catch (e) {
      if (controller.signal.aborted || state.job?.id !== job.id) return;
      if (++failures >= 2 || (e instanceof ApiError && e.status !== 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  if (state.job?.id === job.id && !isTerminal(state.job.status)) {
    ui.batch.dataset.follow = 'poll';
    schedulePoll();
  }
}

/** One stream event: the whole job ("job", "completed"), an item's stage or its outcome. */
function applyEvent(jobId, e) {
  const job = state.job;
  if (job?.id !== jobId) return;
  ui.batch.dataset.follow = 'stream';
  if (e.type === 'job' || e.type === 'completed') {
    state.job = e.data;
  } else if (e.type === 'item.stage') {
    const item = job.items.find((i) => i.index === e.data.item);
    if (item && !isTerminal(item.status)) {
      item.stage = e.data.stage;
      if (e.data.video) item.video = e.data.video; // a video's frames done, rate and time left, where the event has them
      item.status = 'processing';
      if (job.status === 'queued') job.status = 'processing';
    }
    recount(job);
  } else if (e.type.startsWith('item.')) {
    const at = job.items.findIndex((i) => i.index === e.data.item.index);
    if (at >= 0) job.items[at] = e.data.item;
    if (job.status === 'queued') job.status = 'processing';
    recount(job);
  } else if (e.type === 'deleted') {
    ui.summary.textContent = 'This batch was deleted.';
    return;
  }
  render(state.job);
}

/** The job's counts after an item event (the next "job" or "completed" event brings the gateway's own). */
function recount(job) {
  const count = (status) => job.items.filter((i) => i.status === status).length;
  const done = job.items.filter((i) => isTerminal(i.status)).length;
  const total = job.items.length;
  job.progress = {
    ...job.progress, total, done, succeeded: count('succeeded'), failed: count('failed'), canceled: count('canceled'),
    queued: count('queued'), processing: count('processing'), percent: total ? Math.round((1000 * done) / total) / 10 : 100,
  };
}

function schedulePoll(delay = POLL_MS) {
  clearTimeout(state.timer);
  state.timer = setTimeout(poll, delay);
}

async function poll() {
  const job = state.job;
  if (!job) return;
  try {
    const fresh = await getJob(job.id);
    if (state.job?.id !== job.id) return; // a new batch started meanwhile
    state.job = fresh;
    render(fresh);
    if (!isTerminal(fresh.status)) schedulePoll();
  } catch (e) {
    ui.summary.textContent = `${e.message} Retrying…`;
    schedulePoll(POLL_MS * 3);
  }
}

function isTerminal(status) {
  return status === 'succeeded' || status === 'failed' || status === 'canceled';
}

const JOB_LABELS = { queued: 'Queued', processing: 'Processing', succeeded: 'Finished', failed: 'Failed', canceled: 'Canceled' };

function render(job) {
  const p = job.progress;
  const percent = Math.round(p.percent);
  ui.progress.setAttribute('aria-valuenow', String(percent));
  ui.progress.setAttribute('aria-valuetext', `${percent} %, ${p.done} of ${p.total} done`);
  ui.progress.style.setProperty('--value', `${p.percent}%`);
  ui.progress.dataset.percent = String(p.percent);
  setBatchStatus(job.status, JOB_LABELS[job.status] ?? job.status);
  ui.summary.textContent = summary(job);

  for (const item of job.items) {
    const entry = state.entries.find((e) => e.part === item.index);
    if (!entry) continue;
    setCardStatus(entry.view, item.status, item.status === 'failed' || item.status === 'canceled' ? item.message : null, false, item.stage);
    showVideoProgress(entry.view, item);
    if (item.status === 'succeeded' && !entry.resultShown) {
      entry.resultShown = true;
      loadResult(entry, item);
    } else if (item.status === 'queued') {
      showAfterPlaceholder(entry.view, 'Waiting in line…');
    } else if (item.status === 'processing') {
      showAfterPlaceholder(entry.view, stageText(item.stage));
    } else if (item.status !== 'succeeded') {
      showAfterPlaceholder(entry.view, 'No cartoon');
    }
  }

  const terminal = isTerminal(job.status);
  ui.downloadAll.disabled = p.succeeded === 0;
  ui.cancel.hidden = terminal;
  ui.newBatch.hidden = !terminal;
  ui.batch.dataset.jobStatus = job.status;
}

function summary(job) {
  const p = job.progress;
  const parts = [`${p.done} of ${p.total} done`];
  if (p.processing) parts.push(`${p.processing} processing`);
  if (p.failed) parts.push(`${p.failed} failed`);
  if (p.canceled) parts.push(`${p.canceled} canceled`);
  const rejected = job.rejected?.length ?? 0;
  if (rejected) parts.push(`${rejected} rejected`);
  if (!isTerminal(job.status) && job.queue && p.queued > 0) {
    const ahead = job.queue.itemsAhead;
    parts.push(ahead > 0 ? `${ahead} ${ahead === 1 ? 'photo' : 'photos'} ahead of yours` : 'next in line');
    if (job.queue.estimatedWaitSeconds != null) parts.push(`about ${formatSeconds(job.queue.estimatedWaitSeconds)} left`);
  }
  if (isTerminal(job.status) && job.timings?.durationMs != null) parts.push(`took ${formatSeconds(job.timings.durationMs / 1000)}`);
  return parts.join(' · ');
}

function formatSeconds(seconds) {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  return `${Math.round(seconds / 60)} min`;
}

function setBatchStatus(status, text) {
  ui.status.dataset.status = status;
  ui.status.textContent = text;
}

async function loadResult(entry, item) {
  try {
    const resource = await resourceUrl(item.result.url);
    state.revokers.push(resource.revoke);
    showResult(entry.view, resource.url, item);
    entry.view.download.onclick = () => download(item.result.url, resultName(entry.file.name, resultContentType(item)));
  } catch (e) {
    entry.resultShown = false; // try again on the next poll
    showAfterPlaceholder(entry.view, e.message);
  }
}

function resultName(fileName, contentType) {
  const stem = fileName.replace(/\.[^.]*$/, '') || 'photo';
  const ext = {
    'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif', 'video/mp4': 'mp4', 'video/webm': 'webm',
  }[contentType] ?? 'png';
  return `${stem}-cartoon.${ext}`;
}

async function download(url, name) {
  try {
    const resource = await resourceUrl(url);
    const a = Object.assign(document.createElement('a'), { href: resource.url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(resource.revoke, 60_000);
  } catch (e) {
    showFormError(e.message, e instanceof ApiError && e.status === 401);
  }
}

// --- actions -------------------------------------------------------------------------------------------------

async function cancel() {
  if (!state.job) return;
  ui.cancel.disabled = true;
  try {
    const job = await cancelJob(state.job.id);
    state.job = job;
    render(job);
  } catch (e) {
    showFormError(e.message);
  } finally {
    ui.cancel.disabled = false;
  }
}

function newBatch() {
  clearTimeout(state.timer);
  state.stream?.abort();
  for (const entry of state.entries) if (entry.preview) URL.revokeObjectURL(entry.preview);
  for (const revoke of state.revokers) revoke();
  state.entries = [];
  state.revokers = [];
  state.job = null;
  ui.gallery.replaceChildren();
  ui.actions.hidden = true;
  ui.progress.hidden = true;
  delete ui.batch.dataset.jobStatus;
  delete ui.batch.dataset.follow;
  ui.input.value = '';
  lockComposer(false);
  showFormError(null);
  ui.drop.querySelector('button')?.focus();
}

function showFormError(message, openSettings = false) {
  ui.formError.hidden = !message;
  ui.formError.textContent = message ?? '';
  if (openSettings) {
    ui.settings.open = true;
    ui.key.focus();
  }
}

// --- wiring --------------------------------------------------------------------------------------------------

function wire() {
  $('pick').addEventListener('click', () => ui.input.click());
  ui.addUrl.addEventListener('click', () => addUrl(ui.url.value));
  ui.url.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault(); // Enter in the address adds it; it must not submit the batch
    addUrl(ui.url.value);
  });
  ui.input.addEventListener('change', () => {
    addFiles(ui.input.files);
    ui.input.value = '';
  });
  for (const type of ['dragenter', 'dragover']) {
    ui.drop.addEventListener(type, (e) => {
      e.preventDefault();
      if (!state.job) ui.drop.classList.add('dragging');
    });
  }
  for (const type of ['dragleave', 'drop']) ui.drop.addEventListener(type, () => ui.drop.classList.remove('dragging'));
  ui.drop.addEventListener('drop', (e) => {
    e.preventDefault();
    addFiles(e.dataTransfer?.files ?? []);
  });
  // A file dropped beside the zone must not navigate away from the batch.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());

  ui.strength.addEventListener('input', () => {
    ui.strengthValue.textContent = `${Math.round(ui.strength.value * 100)} %`;
  });
  ui.form.addEventListener('submit', submit);
  ui.downloadAll.addEventListener('click', () => state.job && download(zipUrl(state.job.id), `cartoons-${state.job.id.slice(0, 8)}.zip`));
  ui.cancel.addEventListener('click', cancel);
  ui.newBatch.addEventListener('click', newBatch);

  ui.key.value = apiKey();
  ui.key.addEventListener('change', () => {
    setApiKey(ui.key.value.trim());
    showFormError(null); // the "needs an API key" prompt, if it was shown
  });
  ui.keyClear.addEventListener('click', () => {
    ui.key.value = '';
    setApiKey('');
  });
  $('max-images').textContent = String(MAX_IMAGES);
}

wire();
refreshComposer();
await loadStyles();
document.documentElement.dataset.ready = 'true';
