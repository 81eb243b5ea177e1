// The node's page (docs/web-page.md): the shell (page/shell.js) with its two modes, 核验
// (verify: the judge's side) and 存证 (preserve: the litigant's side). The single file a
// node or `cunzheng verifier` writes starts from offline.js instead, with 核验 mode alone.

import { startPage } from './page/shell.js';
import { preserveMode } from './preserve/mode.js';
import { verifyMode } from './verify/mode.js';

startPage([verifyMode, preserveMode]);
