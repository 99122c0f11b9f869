/**
 * Checks the content of the TLS files by parsing it, not only by building a TLS context from it:
 * `createSecureContext` accepts a CA bundle whose PEM block holds garbage (the failure then comes at
 * connect time, as a vague handshake error, or never), so each certificate is parsed as X.509, the
 * key as a private key, and the key is checked to belong to the certificate and to sign for it. Pure apart from
 * node:crypto; messages name the file, where it was given, and which block (by its line), never its
 * content.
 */
import { createPrivateKey, sign, verify, X509Certificate, type KeyObject } from 'node:crypto'
import { InputError } from '../errors.js'

/** A TLS file and where its path was given (an input, or a .pypirc section), for messages. */
export interface NamedFile {
  path: string
  origin: string
}

/** One PEM block: its label (`CERTIFICATE`, `PRIVATE KEY`, ...), its whole text, its first line. */
export interface PemBlock {
  label: string
  text: string
  line: number
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g

/** The PEM blocks of a file, in order. Pure. */
function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(BLOCK)].map(match => ({
    label: match[1] as string,
    text: match[0],
    line: text.slice(0, match.index).split('\n').length
  }))
}

/**
 * Refuses a file with a PEM block that is not closed: a BEGIN line without its END (a file cut
 * short, or a second BEGIN before the END), or an END of another label. OpenSSL's PEM reader, and
 * with it Python's `ssl` (so twine), refuse such a CA file, while the blocks before it would pass
 * every other check here.
 */
function assertBlocksComplete(text: string, file: NamedFile): void {
  const lines = text.split(/\r?\n/)
  let open: { label: string; line: number } | undefined
  for (let index = 0; index < lines.length; index++) {
    const marker = /^-----(BEGIN|END) (.*)-----\s*$/.exec(lines[index] ?? '')
    if (marker === null) continue
    const [, kind, label] = marker as unknown as [string, string, string]
    // An END outside any block is text between blocks to OpenSSL, as is any other line there.
    if (open === undefined) {
      if (kind === 'BEGIN') open = { label, line: index + 1 }
    } else if (kind === 'END' && open.label === label) open = undefined
    else {
      throw incompleteBlock(
        file,
        open,
        `line ${index + 1} has "-----${kind} ${label}-----" before it ends`
      )
    }
  }
  if (open !== undefined) {
    throw incompleteBlock(file, open, 'the file ends before its "-----END" line')
  }
}

function incompleteBlock(
  file: NamedFile,
  block: { label: string; line: number },
  why: string
): InputError {
  return new InputError(
    `The ${block.label} block at line ${block.line} of ${where(file)} is incomplete: ${why}. Python's ssl (and so twine) refuses such a file.`,
    'Replace the file with an intact copy: each "-----BEGIN" line needs its "-----END" line (openssl storeutl -noout -certs FILE reads a good one).'
  )
}

/**
 * The certificates of a CA file, each checked to parse. Throws an InputError naming the file and
 * the block when there is none, or one is damaged.
 */
export function checkCaCertificates(text: string, file: NamedFile): string[] {
  assertBlocksComplete(text, file)
  const certificates = pemBlocks(text).filter(block => block.label === 'CERTIFICATE')
  if (certificates.length === 0) {
    throw new InputError(
      `${where(file)} holds no PEM certificate.`,
      'Give a PEM file with one or more "-----BEGIN CERTIFICATE-----" blocks: the CA that signed the index\'s certificate.'
    )
  }
  for (const block of certificates) parseCertificate(block, file)
  return certificates.map(block => block.text)
}

/**
 * The certificate and the private key of a client certificate file: both present, both parsed,
 * the key not encrypted, and the key the one that belongs to the certificate.
 */
export function checkClientCertificate(
  text: string,
  file: NamedFile
): { cert: string; key: string } {
  const blocks = pemBlocks(text)
  const certificate = blocks.find(block => block.label === 'CERTIFICATE')
  const key = blocks.find(block => /(^| )PRIVATE KEY$/.test(block.label))
  if (certificate === undefined || key === undefined) {
    throw new InputError(
      `${where(file)} must hold both a PEM certificate and its private key; it has ${certificate === undefined ? 'no certificate' : 'no private key'}.`,
      'Concatenate the client certificate and its unencrypted private key into one PEM file (as twine expects for client_cert).'
    )
  }
  if (key.label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:.*ENCRYPTED/m.test(key.text)) {
    throw new InputError(
      `The private key in ${where(file)} is encrypted.`,
      'Decrypt it (openssl pkey -in key.pem -out plain.pem) and keep the file in a secret.'
    )
  }
  const x509 = parseCertificate(certificate, file)
  const privateKey = parseKey(key, file)
  if (!x509.checkPrivateKey(privateKey)) {
    throw new InputError(
      `The private key in ${where(file)} (line ${key.line}) does not belong to its certificate (line ${certificate.line}).`,
      'Put the key that was generated with this certificate in the file (openssl x509 -noout -pubkey and openssl pkey -pubout print the same public key for a matching pair).'
    )
  }
  if (!signsForCertificate(privateKey, x509)) {
    throw new InputError(
      `The private key at line ${key.line} of ${where(file)} is damaged: its public part matches the certificate, but a signature made with it does not verify.`,
      'Replace it with an intact copy of the unencrypted PEM key that was generated with this certificate.'
    )
  }
  return { cert: certificate.text, key: key.text }
}

/**
 * Whether the key makes signatures the certificate's public key accepts. checkPrivateKey compares
 * only the public parts, and an RSA key whose private numbers were damaged still parses and still
 * carries the right modulus: the handshake would fail later, at the index, as a vague TLS error.
 */
function signsForCertificate(key: KeyObject, certificate: X509Certificate): boolean {
  const data = Buffer.from('pypi-register client certificate check')
  // Ed25519 and Ed448 hash internally and take no digest name.
  const digest = /^ed(25519|448)$/.test(key.asymmetricKeyType ?? '') ? null : 'sha256'
  try {
    return verify(digest, data, certificate.publicKey, sign(digest, data, key))
  } catch {
    return false
  }
}

function parseCertificate(block: PemBlock, file: NamedFile): X509Certificate {
  try {
    return new X509Certificate(block.text)
  } catch (error) {
    throw new InputError(
      `The certificate at line ${block.line} of ${where(file)} is damaged: it is not a readable X.509 certificate (${reason(error)}).`,
      'Replace the file with an intact copy of the PEM certificate (openssl x509 -in FILE -noout -text reads a good one).'
    )
  }
}

function parseKey(block: PemBlock, file: NamedFile): KeyObject {
  try {
    return createPrivateKey(block.text)
  } catch (error) {
    throw new InputError(
      `The private key at line ${block.line} of ${where(file)} is damaged: it cannot be read as a private key (${reason(error)}).`,
      'Replace it with an intact copy of the unencrypted PEM key (openssl pkey -in FILE -noout reads a good one).'
    )
  }
}

function where(file: NamedFile): string {
  return `${file.path} (${file.origin})`
}

/** OpenSSL's reason, which names a decoding step, never the bytes; the first line only. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return (message.split('\n')[0] ?? '').replace(/[^\x20-\x7e]/g, '').slice(0, 120)
}
