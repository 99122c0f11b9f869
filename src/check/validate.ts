/**
 * Checks core metadata before it is sent, and reports every problem at once. Pure.
 *
 * Severity:
 * - **error**: the value is malformed for its field, so an index that validates metadata refuses
 *   it: it breaks the grammar the specifications define (PEP 508 names and requirements, PEP 440
 *   versions and specifiers, PEP 639 SPDX expressions, RFC 5322 addresses, absolute http(s) URLs,
 *   the description content types the core metadata specification lists), or a rule that
 *   `packaging.metadata` (which pypi.org runs) or pypi.org's own metadata validation applies to
 *   every project (one-line summary of at most 512 characters, Project-URL labels of at most 32
 *   characters, charset=UTF-8 spelled exactly so, License and License-Expression not both set).
 * - **warning**: the value is well-formed but will be changed, ignored or misread (not in normal
 *   form, a deprecated SPDX id, an ignored parameter, a placeholder, a legacy marker spelling, an
 *   extra no Provides-Extra declares), or pypi.org refuses it as a publishing policy while private
 *   indexes such as devpi accept it (local versions, direct URL references, e-mail addresses that
 *   are quoted, use an IP literal or a special-use domain).
 *
 * Empty values are not checked: the register request leaves them out.
 */
import { checkAddressField } from './addresses.js'
import { checkClassifiers } from './classifiers.js'
import { checkContentType, checkSummary } from './description.js'
import { checkMetadataVersion, checkName, checkVersion } from './identity.js'
import { checkImportField } from './import-names.js'
import { checkLicenseConflict, checkLicenseExpression, checkLicenseFiles } from './license.js'
import { checkDynamic, checkPlaceholders } from './placeholders.js'
import {
  checkDistField,
  checkProvidesExtra,
  checkRequiresPython,
  checkUndeclaredExtras
} from './requirement-fields.js'
import { checkProjectUrls, checkUrlField } from './urls.js'

import type { CoreMetadata } from '../metadata/fields.js'
import type { Check, Problem } from './problem.js'

export type { Problem, Severity } from './problem.js'

/**
 * Every problem in `metadata`, errors and warnings, in the order of the core metadata fields.
 * An empty list means the metadata can be sent as it is.
 */
export function validateMetadata(metadata: CoreMetadata): Problem[] {
  return CHECKS.flatMap(check => check(metadata))
}

/** In the order of the core metadata fields, so that problems read top to bottom. */
const CHECKS: readonly Check[] = [
  checkMetadataVersion,
  checkName,
  checkVersion,
  checkDynamic,
  checkPlaceholders,
  checkSummary,
  checkContentType,
  checkUrlField('home_page'),
  checkUrlField('download_url'),
  checkAddressField('author_email'),
  checkAddressField('maintainer_email'),
  checkLicenseConflict,
  checkLicenseExpression,
  checkLicenseFiles,
  checkClassifiers,
  checkDistField('requires_dist'),
  checkUndeclaredExtras,
  checkRequiresPython,
  checkProjectUrls,
  checkProvidesExtra,
  checkDistField('provides_dist'),
  checkDistField('obsoletes_dist'),
  checkImportField('import_name'),
  checkImportField('import_namespace')
]
