// Random payloads: text that stresses UTF-16 lengths and UTF-8 encoding, and lib0 `any` values that
// stress every tag and number class of writeAny.

const FRAGMENTS = [
  'a', 'hello', ' ', 'Zz', '\n', 'x-y', '0123',
  '😀', '👍🏽', '🇩🇪', '👨‍👩‍👧', '𝄞', '🤷‍♀️', // surrogate pairs, modifiers, ZWJ sequences
  '漢字', '中文', '日本語', 'ｶﾀｶﾅ', '한국어', // CJK (BMP, 1 unit each)
  'e\u0301', 'a\u0308\u0323', 'n\u0303', // combining marks
  'שלום', 'مرحبا', '\u200b', '\ufeff', 'ß', 'Ω'
]

export const randomString = (rng) => {
  let s = ''
  // Now and then a long one, so lengths and clocks need multi-byte varUints.
  const n = rng.bool(0.02) ? rng.int(30, 50) : rng.int(1, 3)
  for (let i = 0; i < n; i++) s += rng.pick(FRAGMENTS)
  return s
}

const NUMBERS = [
  0, 1, -1, 63, 64, -64, 127, 128, 300, -300, 2 ** 31 - 1, -(2 ** 31 - 1), 2 ** 31, -(2 ** 31), 2 ** 32,
  2 ** 40 + 7, 2 ** 53 - 1, -(2 ** 53 - 1), 1.5, -2.25, 0.1, -0.3, 1e21, 1e-7, 3.4028234663852886e38,
  Number.MAX_VALUE, Number.MIN_VALUE, -0, NaN, Infinity, -Infinity
]

const BIGINTS = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 123456789012345678n]

const bytes = (rng) => {
  const out = new Uint8Array(rng.int(0, 6))
  for (let i = 0; i < out.length; i++) out[i] = rng.int(0, 255)
  return out
}

const KEYS = ['k', 'key', 'ñ', '😀', '', 'a b', 'x1', 'long-key-name']

/** A value of the lib0 `any` domain (what Y.Array/Y.Map accept as plain content). */
export const randomAny = (rng, depth = 0) => {
  const kind = rng.weighted([
    [5, 'int'], [3, 'number'], [4, 'string'], [1, 'true'], [1, 'false'], [1, 'null'], [1, 'undefined'],
    [1, 'bigint'], [1, 'bytes'], [depth < 2 ? 2 : 0, 'object'], [depth < 2 ? 2 : 0, 'array']
  ])
  switch (kind) {
    case 'int': return rng.int(-1000, 1000)
    case 'number': return rng.pick(NUMBERS)
    case 'string': return rng.bool(0.2) ? '' : randomString(rng)
    case 'true': return true
    case 'false': return false
    case 'null': return null
    case 'undefined': return undefined
    case 'bigint': return rng.pick(BIGINTS)
    case 'bytes': return bytes(rng)
    case 'object': {
      const o = {}
      const n = rng.int(0, 3)
      for (let i = 0; i < n; i++) o[rng.pick(KEYS)] = randomAny(rng, depth + 1)
      return o
    }
    default: {
      const n = rng.int(0, 3)
      const a = []
      for (let i = 0; i < n; i++) a.push(randomAny(rng, depth + 1))
      return a
    }
  }
}

/** A JSON value (embeds and format attributes are stored as JSON text, so no bytes/bigint/NaN). */
export const randomJson = (rng, depth = 0) => {
  const kind = rng.weighted([
    [3, 'int'], [2, 'float'], [3, 'string'], [1, 'bool'], [1, 'null'], [depth < 2 ? 1 : 0, 'object'], [depth < 2 ? 1 : 0, 'array']
  ])
  switch (kind) {
    case 'int': return rng.int(-100000, 100000)
    case 'float': return rng.pick([0.1, 1.5, -2.25, 1e21, 1e-7, 2 ** 53 - 1, 123.456])
    case 'string': return randomString(rng)
    case 'bool': return rng.bool()
    case 'null': return null
    case 'object': {
      const o = {}
      const n = rng.int(1, 3)
      for (let i = 0; i < n; i++) o[rng.pick(KEYS)] = randomJson(rng, depth + 1)
      return o
    }
    default: return [randomJson(rng, depth + 1), randomJson(rng, depth + 1)]
  }
}

const ATTR_KEYS = ['bold', 'italic', 'color', 'link', 'size']

/** Text formatting attributes; null removes an attribute. */
export const randomAttributes = (rng) => {
  const attrs = {}
  const n = rng.int(1, 2)
  for (let i = 0; i < n; i++) {
    const key = rng.pick(ATTR_KEYS)
    attrs[key] = rng.weighted([[3, true], [1, null], [2, 'red'], [1, 14], [1, 0.5], [1, { href: 'https://e.x/ü' }]])
  }
  return attrs
}

export const randomEmbed = (rng) => rng.pick([
  () => ({ image: 'https://e.x/' + rng.int(0, 99) + '.png' }),
  () => ({ formula: 'x^' + rng.int(2, 9) }),
  () => ({ mention: randomString(rng), n: randomJson(rng, 1) })
])()
