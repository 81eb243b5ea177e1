// The node's page (docs/web-page.md): the shell (page/shell.js) with its two modes, 核验
// (verify: the judge's side) and 存证 (preserve: the litigant's side), each loaded when it is
// first shown; 存证 mode also starts with the page, to take up the preservations a closed tab
// left pending. The single file a node or `cunzheng verifier` writes starts from offline.js
// instead, with 核验 mode alone.

import { startPage } from './page/shell.js';

startPage([
  { name: 'verify', titleKey: 'mode.verify', load: async () => (await import('./verify/mode.js')).verifyMode },
  {
    name: 'preserve',
    titleKey: 'mode.preserve',
    load: async () => (await import('./preserve/mode.js')).preserveMode,
    startsWithPage: true,
  },
]);
