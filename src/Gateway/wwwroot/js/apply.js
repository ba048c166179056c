import { api, ProblemError } from './api.js';
import { dateTime, yen } from './format.js';
import { element } from './layout.js';
import { clearErrors, showErrors, submitting } from './forms.js';
import { openMemberPage } from './session.js';

// The application form. Inputs are named by the JSON path the Applications service checks
// ("representative.phone", "householdMembers[0].birthDate"), so its field errors land next to
// the right input. The form goes as multipart: the JSON in "application", the two images beside.
const form = document.getElementById('application-form');
const campaignSelect = document.getElementById('campaignCode');
const documentSelect = document.getElementById('documentType');
const householdList = document.getElementById('household-members');
const relationships = [['child', '子'], ['spouse', '配偶者'], ['parent', '親'], ['other', 'その他']];
let campaigns = [];

// One key per filled-in form: a retry after a lost answer gets the first answer back instead of
// a second application. Random bytes, since crypto.randomUUID needs https.
const idempotencyKey = [...crypto.getRandomValues(new Uint8Array(16))]
  .map((b) => b.toString(16).padStart(2, '0'))
  .join('');

function option(value, text) {
  return element('option', { value, textContent: text });
}

function showCampaign() {
  const campaign = campaigns.find((c) => c.code === campaignSelect.value);
  if (!campaign) return;
  document.getElementById('campaign-terms').textContent =
    `1口 ${yen(campaign.unitPriceYen)}（プレミアム ${campaign.premiumRatePercent}%）。` +
    `受付: ${dateTime(campaign.opensAt)} 〜 ${dateTime(campaign.closesAt)}`;
  document.getElementById('units-hint').textContent = `1〜${campaign.unitLimit}口`;
  documentSelect.replaceChildren(
    option('', '選んでください'),
    ...campaign.acceptedDocuments.map((d) => option(d.code, d.label)),
  );
  showBackSide();
}

function showBackSide() {
  const campaign = campaigns.find((c) => c.code === campaignSelect.value);
  const document_ = campaign?.acceptedDocuments.find((d) => d.code === documentSelect.value);
  const back = document_?.backSide ?? 'Required';
  document.getElementById('back-side').hidden = back === 'Refused';
  document.getElementById('back-refused').hidden = back !== 'Refused';
  document.getElementById('back-hint').textContent = back === 'Optional' ? '任意です。' : '必須です。';
  if (back === 'Refused') document.getElementById('idBack').value = '';
}

function householdField(index, field, label, control = element('input')) {
  Object.assign(control, { id: `household-${index}-${field}`, name: `householdMembers[${index}].${field}` });
  return [element('label', { htmlFor: control.id, textContent: label }), control];
}

// Rewrites names and ids after a removal, so indexes stay 0, 1, 2… as the service reads them.
function renumberHousehold() {
  const values = [...householdList.children].map((block) => [...block.querySelectorAll('[name]')].map((e) => e.value));
  householdList.replaceChildren();
  for (const memberValues of values) addHouseholdMember(memberValues);
}

function addHouseholdMember(values = []) {
  const index = householdList.children.length;
  const relationship = element('select', {}, [option('', '選んでください'), ...relationships.map(([v, t]) => option(v, t))]);
  const remove = element('button', { type: 'button', className: 'link-button', textContent: `世帯員${index + 1}を削除` });
  const block = element('div', { className: 'household-member' }, [
    element('h3', { textContent: `世帯員${index + 1}` }),
    ...householdField(index, 'familyName', '氏名（姓）'),
    ...householdField(index, 'givenName', '氏名（名）'),
    ...householdField(index, 'familyNameKana', 'フリガナ（セイ）'),
    ...householdField(index, 'givenNameKana', 'フリガナ（メイ）'),
    ...householdField(index, 'birthDate', '生年月日', element('input', { type: 'date' })),
    ...householdField(index, 'relationship', '続柄', relationship),
    remove,
  ]);
  remove.addEventListener('click', () => {
    block.remove();
    renumberHousehold();
  });
  block.querySelectorAll('[name]').forEach((input, i) => { input.value = values[i] ?? ''; });
  householdList.append(block);
  return block;
}

// "a.b[0].c" → { a: { b: [ { c } ] } }
function setPath(target, name, value) {
  const keys = name.split('.').flatMap((part) => {
    const match = part.match(/^(\w+)\[(\d+)\]$/);
    return match ? [match[1], Number(match[2])] : [part];
  });
  let node = target;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) node[key] = value;
    else node = node[key] ??= typeof keys[i + 1] === 'number' ? [] : {};
  });
}

function applicationOf() {
  const application = { householdMembers: [] };
  for (const input of form.elements) {
    if (!input.name || input.type === 'file' || input.type === 'hidden') continue;
    const value = input.type === 'checkbox' ? input.checked : input.value.trim();
    setPath(application, input.name, input.name === 'units' && /^\d+$/.test(value) ? Number(value) : value);
  }
  return application;
}

function showCompletion(result) {
  const invalid = result.status === 'Invalid';
  const completion = document.getElementById('completion');
  document.getElementById('completion-heading').textContent = invalid ? 'この申請は無効です' : '申請を受け付けました';
  document.getElementById('completion-number').textContent = result.applicationNumber;
  const status = element('span', { className: `status ${result.status}`, textContent: result.statusLabel });
  document.getElementById('completion-status').replaceChildren(status);
  for (const id of ['completion-reason', 'completion-reason-label']) document.getElementById(id).hidden = !invalid;
  document.getElementById('completion-reason').textContent = result.reason ?? '';
  document.getElementById('completion-message').textContent = result.message;
  form.hidden = true;
  completion.hidden = false;
  completion.focus();
}

async function submit() {
  const body = new FormData();
  body.append('application', JSON.stringify(applicationOf()));
  for (const name of ['idFront', 'idBack']) {
    const file = form.elements[name].files[0];
    if (file && !(name === 'idBack' && document.getElementById('back-side').hidden)) body.append(name, file);
  }
  try {
    const headers = { 'Idempotency-Key': idempotencyKey };
    showCompletion(await api('/api/applications/submissions', { method: 'POST', body, headers }));
  } catch (error) {
    // A duplicate is stored as an invalid application (409) and answered like a completion.
    if (error instanceof ProblemError && error.problem.applicationNumber) showCompletion(error.problem);
    else showErrors(form, error);
  }
}

if (await openMemberPage()) {
  campaigns = (await api('/api/applications/campaigns')).filter((c) => c.state === 'Open');
  if (campaigns.length === 0) {
    form.replaceChildren(element('p', { className: 'notice warn', textContent: 'ただいま申請を受け付けているキャンペーンはありません。' }));
  } else {
    campaignSelect.replaceChildren(...campaigns.map((c) => option(c.code, c.name)));
    campaignSelect.addEventListener('change', showCampaign);
    documentSelect.addEventListener('change', showBackSide);
    document
      .getElementById('add-household-member')
      .addEventListener('click', () => addHouseholdMember().querySelector('input').focus());
    showCampaign();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      await submitting(form, submit);
    });
  }
}
