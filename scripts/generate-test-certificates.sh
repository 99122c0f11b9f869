#!/usr/bin/env bash
# Regenerates the TLS files the tests use (__tests__/data/tls/): a test CA, a server certificate
# for 127.0.0.1 and localhost signed by it, a client certificate with its key in one PEM (the form
# twine's client_cert takes), and an unrelated CA that must not be trusted in its place.
# Valid for a century so that the tests do not expire; they guard nothing but loopback tests.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/__tests__/data/tls"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
days=36500

new_ca() { # name, subject
  openssl req -x509 -newkey rsa:2048 -nodes -days "$days" -subj "$2" \
    -keyout "$work/$1-key.pem" -out "$work/$1.pem" 2>/dev/null
}
signed_by_ca() { # name, subject, extensions
  openssl req -newkey rsa:2048 -nodes -subj "$2" \
    -keyout "$work/$1-key.pem" -out "$work/$1.csr" 2>/dev/null
  printf '%s\n' "$3" >"$work/$1.ext"
  openssl x509 -req -in "$work/$1.csr" -CA "$work/ca.pem" -CAkey "$work/ca-key.pem" \
    -CAcreateserial -days "$days" -extfile "$work/$1.ext" -out "$work/$1.pem" 2>/dev/null
}

new_ca ca '/CN=pypi-register test CA'
new_ca other-ca '/CN=pypi-register unrelated CA'
signed_by_ca server '/CN=127.0.0.1' 'subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth'
signed_by_ca client '/CN=release-bot' 'extendedKeyUsage=clientAuth'

cp "$work/ca.pem" "$work/other-ca.pem" "$work/server.pem" "$work/server-key.pem" "$out/"
cat "$work/client.pem" "$work/client-key.pem" >"$out/client.pem"
echo "wrote $(ls "$out" | tr '\n' ' ')to $out"
