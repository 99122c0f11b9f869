// Stands in for node:http2 in the bundles (scripts/bundle.mjs puts it where the bundle would
// require node:http2). undici's HTTP/1.1 client loads its HTTP/2 client at start-up, and that
// reads a handful of protocol constants from node:http2 as it loads; loading node:http2 (and
// node:tls with it) took 11 to 17 ms of every registration, even over plain http, although
// HTTP/2 is only spoken when a dispatcher asks for it with allowH2, which ours never do.
//
// The constants undici reads at load are fixed by the HTTP/2 specification (RFC 9113: header
// names, error codes), so they are given here. Anything else, any other constant included, comes
// from the real module, loaded the first time it is asked for: behaviour never depends on this
// table, only start-up time does.
'use strict'

/** What undici's client-h2.js reads at load, with node:http2's values. */
const KNOWN_CONSTANTS = Object.freeze({
  HTTP2_HEADER_AUTHORITY: ':authority',
  HTTP2_HEADER_METHOD: ':method',
  HTTP2_HEADER_PATH: ':path',
  HTTP2_HEADER_SCHEME: ':scheme',
  HTTP2_HEADER_CONTENT_LENGTH: 'content-length',
  HTTP2_HEADER_EXPECT: 'expect',
  HTTP2_HEADER_STATUS: ':status',
  HTTP2_HEADER_PROTOCOL: ':protocol',
  NGHTTP2_REFUSED_STREAM: 7,
  NGHTTP2_CANCEL: 8
})

let real
function http2() {
  real ??= require('node:http2')
  return real
}

/** Forwards every operation to `target()`, except reads that `known` answers. */
function forwarding(target, known) {
  return new Proxy(Object.create(null), {
    get: (_, name) => (Object.hasOwn(known, name) ? known[name] : target()[name]),
    has: (_, name) => name in target(),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, name) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), name)
      // A proxy may only report a property as non-configurable if its own target has it so.
      return descriptor && { ...descriptor, configurable: true }
    },
    set: (_, name, value) => Reflect.set(target(), name, value),
    defineProperty: (_, name, descriptor) => Reflect.defineProperty(target(), name, descriptor),
    deleteProperty: (_, name) => Reflect.deleteProperty(target(), name)
  })
}

const constants = forwarding(() => http2().constants, KNOWN_CONSTANTS)
module.exports = forwarding(http2, { constants })
