import { api } from './api.js';
import { dateTime, yen } from './format.js';
import { element } from './layout.js';

// The campaigns as the Applications service publishes them (anyone may read this): the window in
// Japan time, the price, and whether intake is open right now, in the service's own words.
const list = document.getElementById('campaigns');

function campaignCard(campaign) {
  const facts = [
    ['受付期間', `${dateTime(campaign.opensAt)} 〜 ${dateTime(campaign.closesAt)}`],
    ['1口', `${yen(campaign.unitPriceYen)}（プレミアム ${campaign.premiumRatePercent}%）`],
    ['申込口数', `${campaign.unitLimit}口まで`],
    ['本人確認書類', campaign.acceptedDocuments.map((d) => d.label).join('、')],
  ].flatMap(([term, detail]) => [element('dt', { textContent: term }), element('dd', { textContent: detail })]);
  const card = element('article', { className: 'card' }, [
    element('h3', { textContent: campaign.name }),
    element('p', { className: `notice ${campaign.state === 'Open' ? 'ok' : 'warn'}`, textContent: campaign.message }),
    element('dl', { className: 'facts' }, facts),
  ]);
  if (campaign.state === 'Open') {
    card.append(element('a', { className: 'button', href: '/apply/', textContent: '申請する' }));
  }
  return card;
}

try {
  const campaigns = await api('/api/applications/campaigns');
  list.replaceChildren(...(campaigns.length
    ? campaigns.map(campaignCard)
    : [element('p', { textContent: '現在、お知らせできるキャンペーンはありません。' })]));
} catch (error) {
  list.replaceChildren(
    element('p', { className: 'notice warn', textContent: `${error.message} ${error.problem?.detail ?? ''}` }),
  );
}
