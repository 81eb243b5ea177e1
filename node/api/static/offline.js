// The single file's page (docs/web-page.md, "The offline verifier"): the offline verifier and
// a certificate have no node to preserve evidence on, so they start the shell with 核验 mode
// alone. `make bundle` bundles this module and all it imports into node/api/offline/verifier.js.

import { startPage } from './page/shell.js';
import { verifyMode } from './verify/mode.js';

startPage([{ name: 'verify', titleKey: 'mode.verify', load: async () => verifyMode }]);
