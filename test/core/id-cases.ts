// Ids for the id checks (test/core/ids.test.ts) and the clients that use them.

/**
 * Ids that must never reach a URL path: each one, once a URL parser, a proxy or a server decodes
 * or normalises it, leaves `…/connections/` (dot segments) or splits into more than one segment.
 */
export const UNSAFE_IDS: readonly unknown[] = [
  '',
  '.',
  '..',
  '%2e',
  '%2E',
  '%2e%2e',
  '%2E%2e',
  '.%2E',
  '%2e.',
  '%252e%252e',
  '．．', // fullwidth full stops: NFKC makes them ".."
  '‥', // two dot leader: NFKC makes it ".."
  'a/b',
  '../stripe',
  'a\\b',
  'a?b',
  'a#b',
  'a%2fb',
  'a%2Fb',
  'a%5cb',
  'a%5Cb',
  'a%252fb',
  'a／b', // fullwidth solidus: NFKC makes it "/"
  'stripe\u0000',
  'str\nipe',
  'str\u007fipe',
  ' stripe',
  'stripe ',
  '\tstripe',
  'stripe\u00a0',
  'x'.repeat(257),
  // A malformed percent-escape: what a server (or a proxy that decodes twice) makes of it is a guess.
  '100%',
  '100%25', // decodes to "100%", which does not decode
  'a%E0b',
  undefined,
  null,
  42,
  {},
  ['stripe'],
];

export const SAFE_IDS: readonly string[] = [
  'stripe',
  'mercado-pago',
  'z-api',
  'ses_abc123',
  'a.b',
  '...',
  '.hidden',
  'v1.2',
  'nfe io',
  'ação',
  '__proto__',
  'constructor',
  'x'.repeat(256),
];
