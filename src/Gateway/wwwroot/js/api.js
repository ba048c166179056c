// Every call the pages make goes through here: JSON in and out, the anti-forgery header on
// unsafe methods (the gateway refuses them without it), and problem details turned into an
// error the page can show. The session token itself is an HttpOnly cookie no script can read.
const csrfCookie = 'habatan-csrf';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem.title || 'エラーが発生しました。');
    this.status = status;
    this.problem = problem;
  }
}

function csrfToken() {
  const entry = document.cookie.split('; ').find((c) => c.startsWith(`${csrfCookie}=`));
  return entry ? decodeURIComponent(entry.slice(csrfCookie.length + 1)) : '';
}

async function readJson(response) {
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

export async function api(path, { method = 'GET', json, body, headers = {} } = {}) {
  const request = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (json !== undefined) {
    request.body = JSON.stringify(json);
    request.headers['Content-Type'] = 'application/json';
  } else if (body !== undefined) {
    request.body = body;
  }
  if (!safeMethods.has(method)) request.headers['X-CSRF-Token'] = csrfToken();

  let response;
  try {
    response = await fetch(path, request);
  } catch {
    throw new ProblemError(0, { title: '通信できませんでした。', detail: '接続を確かめてから、もう一度お試しください。' });
  }
  const data = await readJson(response);
  if (!response.ok) {
    throw new ProblemError(response.status, data ?? {
      title: `エラーが発生しました（${response.status}）。`,
      detail: 'しばらく待ってから、もう一度お試しください。',
    });
  }
  return data;
}
