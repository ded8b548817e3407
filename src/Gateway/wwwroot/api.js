// The gateway's HTTP API as the page uses it: every call carries the optional API key, every error becomes an
// ApiError holding the ProblemDetails the gateway sent (docs/api.md).

const KEY_STORAGE = 'cartoon.apiKey';

export function apiKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) ?? '';
  } catch {
    return ''; // storage blocked (private mode): the page still works open
  }
}

export function setApiKey(value) {
  try {
    if (value) localStorage.setItem(KEY_STORAGE, value);
    else localStorage.removeItem(KEY_STORAGE);
  } catch {
    /* not persisted; the key field still holds it for this visit */
  }
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(describe(status, problem));
    this.status = status;
    this.problem = problem ?? {};
  }
}

function describe(status, problem) {
  if (status === 401) return 'This gateway needs an API key. Add yours under Settings.';
  if (status === 403) return 'This API key is not allowed to do that.';
  if (problem?.detail && problem?.title) return `${problem.title} ${problem.detail}`;
  return problem?.detail ?? problem?.title ?? `The gateway answered HTTP ${status}.`;
}

function withKey(headers) {
  const h = new Headers(headers);
  const key = apiKey();
  if (key) h.set('X-Api-Key', key);
  return h;
}

async function call(url, init = {}) {
  let response;
  try {
    response = await fetch(url, { ...init, headers: withKey(init.headers) });
  } catch (e) {
    const err = new ApiError(0, { title: 'The gateway could not be reached.', detail: 'Check your connection.' });
    err.cause = e;
    throw err;
  }
  if (response.ok) return response;
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    /* not JSON: the status says enough */
  }
  throw new ApiError(response.status, problem);
}

export async function getStyles() {
  return (await call('v1/styles')).json();
}

export async function submitJob(form) {
  return (await call('v1/jobs', { method: 'POST', body: form })).json();
}

export async function getJob(id) {
  return (await call(`v1/jobs/${id}`, { cache: 'no-store' })).json();
}

/**
 * Follows GET /v1/jobs/{id}/events (Server-Sent Events) with fetch, so the API key travels as a header (EventSource
 * cannot send one). Calls `onEvent({ type, id, data })` per event; resolves with the last event id when the server
 * ends the stream; rejects (ApiError) when it cannot be opened, or when `signal` aborts it.
 */
export async function streamJob(id, lastEventId, onEvent, signal) {
  const headers = { Accept: 'text/event-stream' };
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  const response = await call(`v1/jobs/${id}/events`, { headers, cache: 'no-store', signal });
  if (response.status === 204 || !response.body) return lastEventId; // nothing more to send
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { type: 'message', id: null, data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return lastEventId;
    buffer += value;
    let newline;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (event.data.length) {
          if (event.id !== null) lastEventId = event.id;
          onEvent({ type: event.type, id: event.id, data: JSON.parse(event.data.join('\n')) });
        }
        event = { type: 'message', id: null, data: [] };
        continue;
      }
      if (line.startsWith(':')) continue; // heartbeat
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.type = text;
      else if (field === 'id') event.id = text;
      else if (field === 'data') event.data.push(text);
    }
  }
}

export async function cancelJob(id) {
  return (await call(`v1/jobs/${id}/cancel`, { method: 'POST' })).json();
}

export function zipUrl(id) {
  return `v1/jobs/${id}/results.zip`;
}

/**
 * A URL an <img> or a download can use. Open gateways: the API URL itself (it may redirect to presigned storage,
 * which needs no header). With a key: the bytes fetched with the header, as a blob URL.
 */
export async function resourceUrl(url) {
  if (!apiKey()) return { url, revoke() {} };
  let response;
  try {
    response = await call(url);
  } catch (e) {
    // Status 0: the fetch itself failed, e.g. a redirect to presigned storage on an origin without CORS. The
    // presigned URL needs no key, so the API URL is used as it is.
    if (e instanceof ApiError && e.status === 0) return { url, revoke() {} };
    throw e;
  }
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  return { url: objectUrl, revoke: () => URL.revokeObjectURL(objectUrl) };
}
