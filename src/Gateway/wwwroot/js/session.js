import { api, ProblemError } from './api.js';

// Pages behind sign-in ask the gateway who is signed in; without a valid session they go to the
// sign-in page. Nothing about the member is kept in the page's address or in storage.
export async function signedInMember() {
  try {
    return await api('/api/members/me');
  } catch (error) {
    if (error instanceof ProblemError && error.status === 401) {
      window.location.replace('/sign-in/');
      return new Promise(() => {}); // the page is being left
    }
    throw error;
  }
}

export function wireSignOut() {
  for (const button of document.querySelectorAll('[data-sign-out]')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api('/api/session/sign-out', { method: 'POST' });
      } finally {
        window.location.assign('/sign-in/?signed-out');
      }
    });
  }
}

// Shows what waits for a signed-in member, once the gateway has confirmed the session.
export function reveal() {
  for (const element of document.querySelectorAll('[data-when-signed-in]')) element.hidden = false;
  for (const element of document.querySelectorAll('[data-loading]')) element.hidden = true;
}

// The start of every page behind sign-in: the sign-out button, the session check, then the
// page's content. Returns the member ({ subject, roles }), or null if the check failed (the
// reason is shown on the page).
export async function openMemberPage() {
  wireSignOut();
  try {
    const member = await signedInMember();
    reveal();
    return member;
  } catch (error) {
    const message = document.getElementById('page-message');
    message.className = 'notice warn';
    message.textContent = `${error.message} ${error.problem?.detail ?? ''}`;
    message.hidden = false;
    return null;
  }
}
