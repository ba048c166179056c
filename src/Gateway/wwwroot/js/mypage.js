import { openMemberPage } from './session.js';

// My Page shows only the signed-in member's own things, read by the services from the token's
// subject: no address or parameter here says whose page this is.
await openMemberPage();
