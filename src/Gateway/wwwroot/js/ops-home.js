import { openConsole, roleNames } from './ops.js';

// The console's home: who is signed in with which roles, and the sections those roles open.
const member = await openConsole();
if (member) {
  document.getElementById('my-roles').textContent = member.roles.map((r) => roleNames[r] ?? r).join('、');
}
