/**
 * Random hexadecimal tokens for names and separators. Math.random rather than node:crypto, whose
 * loading costs every start about 4 ms: wherever a token is used, what matters is that it does not
 * collide, and that is either checked (a delimiter or boundary absent from the text it frames) or
 * enforced (a file created exclusively, tried again under a new name), so it need not be
 * unguessable.
 */

/** `length` hexadecimal digits. */
export function randomToken(length: number, random: () => number = Math.random): string {
  let token = ''
  while (token.length < length)
    token += Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0')
  return token.slice(0, length)
}

/** A token of `length` digits, after `prefix`, that occurs in none of `texts`. */
export function tokenAbsentFrom(
  texts: readonly string[],
  prefix: string,
  length: number,
  random: () => number = Math.random
): string {
  for (;;) {
    const token = prefix + randomToken(length, random)
    if (!texts.some(text => text.includes(token))) return token
  }
}
