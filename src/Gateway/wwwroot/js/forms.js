import { ProblemError } from './api.js';

// How a page tells a person what went wrong: a summary at the top of the form that takes the
// focus (so screen readers announce it) with a link to each field, and the message again under
// the field itself. Field names come from the problem details' "errors", matched to inputs.

function fieldFor(form, key) {
  const wanted = key.toLowerCase();
  return [...form.elements].find((e) => e.name && e.name.toLowerCase() === wanted) ?? null;
}

function summaryOf(form) {
  let summary = form.querySelector('.error-summary');
  if (!summary) {
    summary = document.createElement('div');
    summary.className = 'error-summary';
    summary.setAttribute('role', 'alert');
    summary.tabIndex = -1;
    form.prepend(summary);
  }
  return summary;
}

export function clearErrors(form) {
  form.querySelector('.error-summary')?.remove();
  for (const message of form.querySelectorAll('.field-error')) message.remove();
  for (const field of form.querySelectorAll('[aria-invalid]')) {
    field.removeAttribute('aria-invalid');
    const described = (field.getAttribute('aria-describedby') || '').split(' ').filter((id) => !id.endsWith('-error'));
    if (described.length) field.setAttribute('aria-describedby', described.join(' '));
    else field.removeAttribute('aria-describedby');
  }
}

export function showErrors(form, error) {
  clearErrors(form);
  const problem = error instanceof ProblemError ? error.problem : { title: 'エラーが発生しました。', detail: 'もう一度お試しください。' };
  const summary = summaryOf(form);
  const heading = document.createElement('h2');
  heading.textContent = problem.title || '入力内容を確認してください。';
  summary.append(heading);

  const list = document.createElement('ul');
  if (problem.detail) list.append(item(problem.detail));
  for (const [key, messages] of Object.entries(problem.errors ?? {})) {
    const field = fieldFor(form, key);
    for (const message of messages) list.append(item(message, field));
    if (field) markInvalid(field, messages.join(' '));
  }
  if (list.children.length) summary.append(list);
  summary.focus();
}

function item(text, field) {
  const li = document.createElement('li');
  if (field?.id) {
    const link = document.createElement('a');
    link.href = `#${field.id}`;
    link.textContent = text;
    li.append(link);
  } else {
    li.textContent = text;
  }
  return li;
}

function markInvalid(field, text) {
  const message = document.createElement('p');
  message.className = 'field-error';
  message.id = `${field.id || field.name}-error`;
  message.textContent = text;
  // A checkbox's message goes after its label, not between the box and the label.
  (field.type === 'checkbox' ? field.parentElement : field).after(message);
  field.setAttribute('aria-invalid', 'true');
  const described = field.getAttribute('aria-describedby');
  field.setAttribute('aria-describedby', described ? `${described} ${message.id}` : message.id);
}

// A message for the whole page (not one form), e.g. when loading fails.
export function showNotice(element, text, kind = '') {
  element.className = `notice ${kind}`.trim();
  element.textContent = text;
  element.hidden = false;
}

// Disables the form's button while a request runs, so a double tap sends once.
export async function submitting(form, action) {
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  try {
    return await action();
  } finally {
    if (button) button.disabled = false;
  }
}
