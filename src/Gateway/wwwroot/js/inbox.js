import { openMemberPage } from './session.js';

// The in-app inbox (アプリの「事務局からのお知らせ」): the member's own messages only, chosen by
// the Notifications service from the token's subject.
await openMemberPage();
