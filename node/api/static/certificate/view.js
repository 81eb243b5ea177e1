// The certificate (存证证书): the offline verifier opened on a record renders it from the
// verdict it has just given on the record's bundle, so an edited certificate cannot show a
// valid verdict (docs/web-page.md, "The certificate"). Printed, it is A4: one page for a
// file; for a package, continuation pages listing every file. Its file list and collection
// record are shown as the manifest stated them: only the manifest and the folder can check
// them, in the 核验 part below the certificate.

import { bytesToHex } from '../core/bytes.js';
import { certificateNumber, noLaterThan } from '../core/display.js';
import { el, formatBytes } from '../page/dom.js';
import { notariesView, recordView, statementView } from '../verify/verdict-view.js';
import { failureWords, provenSentence } from '../verify/words.js';
import { qrCode, verifyAddress } from './qr.js';

/**
 * @param {import('./record.js').CertificateRecord | null} record null: the record block could not be read
 * @param {import('../verify/run.js').Outcome | null} outcome the verdict on the record's bundle
 * @param {{ t: import('../verify/words.js').Translate, hasText: (key: string) => boolean }} ctx
 */
export function certificateView(record, outcome, { t, hasText }) {
  const finding = outcome?.finding ?? null;
  const proven = finding?.proven ?? null;
  const passed = proven !== null && (finding?.verdict === 'valid' || finding?.verdict === 'unconfirmed');
  const sheet = el('section', { cls: 'sheet first' });
  const article = el('article', { cls: 'certificate', attrs: { id: 'certificate' } }, [sheet]);
  article.dataset.verdict = finding?.verdict ?? 'invalid';
  article.dataset.reason = finding?.reason ?? 'malformed_record';
  // The number only of a record that checked out: an edited certificate shows none.
  const number = passed ? el('p', { cls: 'cert-number' }, [t('record.number'), ' ', el('strong', { text: certificateNumber(proven.entryId) })]) : null;
  sheet.append(el('header', { cls: 'cert-head' }, [
    el('h1', { text: t('cert.title') }), el('p', { cls: 'cert-sub', text: t('cert.subtitle') }), number,
  ]));
  const verdictBox = el('div', { cls: `cert-verdict ${passed ? finding?.verdict : 'invalid'}` }, [
    el('p', { cls: 'verdict-title', text: t(`headline.${passed ? finding?.verdict : 'invalid'}`) }),
  ]);
  sheet.append(verdictBox);
  if (!passed) {
    const words = finding === null ? { reason: t('cert.unreadable'), detail: null } : failureWords(finding, t, hasText);
    verdictBox.append(el('p', { cls: 'verdict-sentence', text: words.reason }));
    if (words.detail !== null) verdictBox.append(el('p', { cls: 'verdict-detail', text: words.detail }));
    verdictBox.append(el('p', { cls: 'note', text: t('cert.not_a_proof') }));
    return article;
  }
  const anchor = /** @type {import('../verify/run.js').Outcome} */ (outcome).anchor;
  verdictBox.append(el('p', { cls: 'verdict-sentence', text: provenSentence(finding, anchor, t) }));
  const listed = record?.package ?? null;
  sheet.append(el('div', { cls: 'cert-grid' }, [recordView(proven, t, { blockTime: false }), qrFigure(record, proven, t)]));
  sheet.append(scopeView(proven, t));
  sheet.append(notariesView(proven, anchor?.genesis ?? null, t));
  sheet.append(publicationView(proven, finding.verdict === 'valid' ? anchor : null, t));
  if (listed !== null) {
    sheet.append(statementView(listed.collection, listed.steps, listed.manifestFormat !== 'cunzheng-package/v1', t));
    sheet.append(el('p', { cls: 'note', text: t('cert.files_follow', { count: listed.files.length }) }));
    article.append(filesSheet(listed, t));
  } else if (proven.entry.kind === 'package') {
    sheet.append(el('p', { cls: 'note', text: t('cert.no_file_list') }));
  }
  sheet.append(el('p', { cls: 'cert-how', text: t(proven.entry.kind === 'package' ? 'cert.how.package' : 'cert.how.file') }));
  return article;
}

/**
 * What the certificate proves and what it does not (证明范围 / 不证明事项).
 * @param {import('../core/bundle.js').BundleFacts} proven
 * @param {import('../verify/words.js').Translate} t
 */
function scopeView(proven, t) {
  const time = noLaterThan(proven.noLaterThanMs);
  const item = (/** @type {string} */ key, /** @type {Record<string, unknown>} */ params = {}) => el('li', { text: t(key, params) });
  return el('div', { cls: 'part scope' }, [
    el('div', {}, [
      el('h3', { text: t('scope.proves') }),
      el('ul', {}, [
        item('scope.existed', { beijing: time.beijing }),
        item('scope.signed', { k: proven.signers.length, n: proven.validators.validators.length }),
      ]),
    ]),
    el('div', {}, [
      el('h3', { text: t('scope.not') }),
      el('ul', {}, [item('scope.not.truth'), item('scope.not.collector'), item('scope.not.complete'), item('scope.not.notarial')]),
    ]),
  ]);
}

/**
 * Where the consortium publishes its genesis, its members, and the genesis hash; without a
 * trust anchor, that the verdict rests on the bundle's own list.
 * @param {import('../core/bundle.js').BundleFacts} proven
 * @param {import('../verify/run.js').Outcome['anchor']} anchor
 * @param {import('../verify/words.js').Translate} t
 */
function publicationView(proven, anchor, t) {
  const part = el('div', { cls: 'part publication' }, [el('h3', { text: t('cert.genesis.title') })]);
  if (proven.genesisHash === null) { // a version 1 bundle checked without a trusted genesis
    part.append(el('p', { text: t('cert.genesis.not_carried') }));
    return part;
  }
  const hash = bytesToHex(proven.genesisHash);
  if (anchor === null) {
    part.append(el('p', { text: t('cert.genesis.none', { genesis: hash }) }));
    return part;
  }
  const publication = anchor.genesis.publication;
  part.append(el('p', { text: publication?.url ? t('cert.genesis.published', { url: publication.url }) : t('cert.genesis.unpublished') }));
  if (publication?.members.length) {
    part.append(el('p', { text: t('cert.genesis.members', { members: publication.members.map(([, organisation]) => organisation).join(t('list.separator')) }) }));
  }
  part.append(el('p', {}, [t('cert.genesis.hash'), ' ', el('span', { cls: 'mono', text: hash })]));
  return part;
}

/**
 * The QR code opening the node's page on this record, with its address in words.
 * @param {import('./record.js').CertificateRecord | null} record
 * @param {import('../core/bundle.js').BundleFacts} proven
 * @param {import('../verify/words.js').Translate} t
 */
function qrFigure(record, proven, t) {
  if (record?.pageUrl == null) return el('figure', { cls: 'qr none' }, [el('figcaption', { text: t('cert.qr.none') })]);
  const address = verifyAddress(record.pageUrl, bytesToHex(proven.entryId), proven.entry.kind === 'package');
  return el('figure', { cls: 'qr', attrs: { 'data-address': address } }, [
    qrCode(address), el('figcaption', { text: t('cert.qr.caption') }), el('p', { cls: 'mono qr-address', text: record.pageUrl }),
  ]);
}

/**
 * The continuation pages: every file of the package with its role, size, alg and digest.
 * @param {import('./record.js').ListedPackage} listed
 * @param {import('../verify/words.js').Translate} t
 */
function filesSheet(listed, t) {
  const rows = listed.files.map((file, i) => el('tr', {}, [
    el('td', { cls: 'num', text: String(i + 1) }),
    el('td', { cls: 'path', text: file.path }),
    el('td', { text: t(`role.${file.role}`) }),
    el('td', { cls: 'num', text: formatBytes(file.size) }),
    el('td', { text: file.alg === 'sm3' ? 'SM3' : 'SHA-256' }),
    el('td', { cls: 'mono digest', text: file.file_hash }),
  ]));
  return el('section', { cls: 'sheet files' }, [
    el('h2', { text: t('cert.files.title', { count: listed.files.length }) }),
    el('p', { cls: 'note', text: t('cert.files.note') }),
    el('table', { cls: 'file-list' }, [
      el('thead', {}, [el('tr', {}, ['#', 'path', 'role', 'size', 'alg', 'digest'].map((name) => el('th', { text: t(`cert.files.${name}`) })))]),
      el('tbody', {}, rows),
    ]),
  ]);
}
