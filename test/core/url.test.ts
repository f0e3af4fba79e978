import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectionsError, UnsafeUrlError } from '../../src/core/errors.ts';
import { type CheckUrlOptions, checkUrl } from '../../src/core/url.ts';
import { ACCEPTED_URLS, LOOPBACK_HTTP_URLS, LOOPBACK_REFUSED_WHY, label, REFUSED_URLS } from './url-cases.ts';

function refusal(input: unknown, options?: CheckUrlOptions): UnsafeUrlError {
  let thrown: unknown;
  try {
    checkUrl(input, options);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `checkUrl(${label(input)}) should throw`).toBeInstanceOf(UnsafeUrlError);
  return thrown as UnsafeUrlError;
}

/** Independent of the library's own `isLoopbackHost`: what the docs call loopback. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === '[::1]';
}

describe('given a hostile or malformed URL', () => {
  for (const { name, input, why } of REFUSED_URLS) {
    for (const allowLoopbackHttp of [true, false]) {
      it(`should refuse ${name} ${label(input)} (allowLoopbackHttp: ${allowLoopbackHttp}) with an unsafe_url error that says why`, () => {
        const error = refusal(input, { allowLoopbackHttp });
        expect(error).toBeInstanceOf(ConnectionsError);
        expect(error.code).toBe('unsafe_url');
        expect(error.name).toBe('UnsafeUrlError');
        expect(error.message).toMatch(why);
        expect(error.url).toBe(String(input));
      });
    }
  }
});

describe('given a valid https URL', () => {
  for (const href of ACCEPTED_URLS) {
    it(`should accept ${href} and return a URL whose href round-trips`, () => {
      for (const options of [{}, { allowLoopbackHttp: true }, { allowLoopbackHttp: false }]) {
        const url = checkUrl(href, options);
        expect(url).toBeInstanceOf(URL);
        expect(url.protocol).toBe('https:');
        expect(url.href).toBe(href);
        expect(checkUrl(url.href, options).href).toBe(href);
      }
    });
  }
});

describe('given plain http to a loopback host', () => {
  for (const href of LOOPBACK_HTTP_URLS) {
    it(`should accept ${href} when allowLoopbackHttp is true`, () => {
      const url = checkUrl(href, { allowLoopbackHttp: true });
      expect(url.protocol).toBe('http:');
      expect(url.href).toBe(href);
    });

    it(`should refuse ${href} when allowLoopbackHttp is false, saying loopback http is for development`, () => {
      const error = refusal(href, { allowLoopbackHttp: false });
      expect(error.code).toBe('unsafe_url');
      expect(error.url).toBe(href);
      expect(error.message).toMatch(LOOPBACK_REFUSED_WHY);
    });
  }

  it('should accept it by default in Node, where there is no window', () => {
    expect(typeof window).toBe('undefined');
    for (const href of LOOPBACK_HTTP_URLS) expect(checkUrl(href).href).toBe(href);
  });

  it('should still refuse plain http to a public host by default in Node', () => {
    expect(refusal('http://evil.example/').message).toMatch(/only https/);
  });
});

const SCHEMES = ['javascript', 'vbscript', 'data', 'blob', 'file', 'ftp', 'http', 'https'];

/** A scheme name in random upper/lower case. */
const randomCase = (word: string) =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) => [...word].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join(''));

/** ASCII controls, space, C1 controls, and Unicode spaces/invisibles the URL parser may strip. */
const controlChar = fc
  .oneof(
    fc.integer({ min: 0x00, max: 0x20 }),
    fc.integer({ min: 0x7f, max: 0xa0 }),
    fc.constantFrom(0x1680, 0x2000, 0x200b, 0x200d, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff),
  )
  .map((code) => String.fromCharCode(code));

/** Inserts up to three control characters at random positions. */
const withControls = (text: string) =>
  fc.array(fc.tuple(fc.nat(), controlChar), { maxLength: 3 }).map((inserts) =>
    inserts.reduce((acc, [at, ch]) => {
      const i = at % (acc.length + 1);
      return acc.slice(0, i) + ch + acc.slice(i);
    }, text),
  );

const webUrl = fc.webUrl({
  validSchemes: ['https', 'http'],
  withQueryParameters: true,
  withFragments: true,
  authoritySettings: { withUserInfo: true, withPort: true, withIPv4: true, withIPv6: true },
});

const rest = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'alert(1)',
    '//localhost/x',
    '//127.0.0.1:1/',
    '//[::1]/',
    '//foo.localhost',
    '//u@evil.example',
    '//evil.example',
    '///etc',
  ),
  webUrl.map((url) => url.replace(/^https?:/, '')),
);

const schemeUrl = fc
  .tuple(fc.constantFrom(...SCHEMES).chain(randomCase), rest)
  .map(([scheme, tail]) => `${scheme}:${tail}`)
  .chain((text) => fc.oneof(fc.constant(text), withControls(text)));

describe('given arbitrary strings', () => {
  it('should either throw UnsafeUrlError or return an https (or loopback http) URL without user info', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), webUrl, webUrl.chain(withControls), schemeUrl),
        fc.constantFrom<CheckUrlOptions>({}, { allowLoopbackHttp: true }, { allowLoopbackHttp: false }),
        (input, options) => {
          let url: URL;
          try {
            url = checkUrl(input, options);
          } catch (error) {
            expect(error).toBeInstanceOf(UnsafeUrlError);
            expect((error as UnsafeUrlError).url).toBe(input);
            return;
          }
          expect(url).toBeInstanceOf(URL);
          const loopbackHttp = url.protocol === 'http:' && isLoopback(url.hostname) && options.allowLoopbackHttp !== false;
          expect(url.protocol === 'https:' || loopbackHttp, `${label(input)} → ${url.href}`).toBe(true);
          expect(url.username).toBe('');
          expect(url.password).toBe('');
          // What the clients hand back (`.href`) passes the same check again.
          expect(checkUrl(url.href, options).href).toBe(url.href);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('should refuse every non-string value', () => {
    // Includes values String() cannot convert (`Object.create(null)`, `{ toString: 0 }`).
    fc.assert(
      fc.property(
        fc
          .anything({ withBoxedValues: true, withMap: true, withSet: true, withDate: true, withTypedArray: true })
          .filter((value) => typeof value !== 'string'),
        (input) => {
          expect(typeof refusal(input).url).toBe('string');
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('given a URL that percent-encoding makes longer', () => {
  it('should hold the encoded form to the limit, so an accepted URL is accepted again', () => {
    const input = `https://a.example/${'é'.repeat(2000)}`;
    expect(input.length).toBeLessThan(8192);
    expect(() => checkUrl(input)).toThrow(UnsafeUrlError);
    const fine = `https://a.example/${'é'.repeat(500)}`;
    expect(checkUrl(checkUrl(fine).href).href).toBe(checkUrl(fine).href);
  });
});
