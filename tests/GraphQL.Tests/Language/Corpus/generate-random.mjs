// Regenerates parser-random-corpus.json: seeded mutations of the inputs of inputs.mjs (deletions,
// insertions of tokens and characters, duplicated spans) and what graphql-js 17 makes of each:
// the printed document, or the syntax error and its location.
// Run: npm i graphql@17 && node generate-random.mjs > parser-random-corpus.json
import { parse, print } from 'graphql';
import { inputs } from './inputs.mjs';

let seed = 424242;
const random = () => {
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];

const vocabulary = ['{', '}', '(', ')', '[', ']', ':', '=', '@', '$', '!', '|', '&', '...', '..', '.', ',', ' ', '\n', '#c\n',
  'query', 'mutation', 'subscription', 'fragment', 'on', 'type', 'interface', 'union', 'enum', 'input', 'scalar', 'schema',
  'directive', 'extend', 'implements', 'repeatable', 'true', 'false', 'null', 'FIELD', 'a', '_b', '1', '-1', '0', '1.5',
  '1e3', '01', '1.', '"s"', '""', '"""b"""', '"\\u{41}"', '"\\uD800"', '"open', '"""open', "'", '\u00A0', '\uFEFF', '\uD83D\uDE00', '\u0000', '\t'];

const seeds = inputs.filter((input) => { try { parse(input); return input.length < 3000; } catch { return false; } });
const hasLoneSurrogate = (s) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

const cases = [];
for (let i = 0; i < 1500; i++) {
  let text = pick(seeds);
  const mutations = 1 + int(3);
  for (let m = 0; m < mutations && text.length > 0; m++) {
    const at = int(text.length);
    switch (int(4)) {
      case 0: text = text.slice(0, at) + text.slice(at + 1 + int(6)); break;
      case 1: text = text.slice(0, at) + pick(vocabulary) + text.slice(at); break;
      case 2: text = text.slice(0, at) + String.fromCharCode(0x20 + int(0x5f)) + text.slice(at + 1); break;
      default: {
        const from = int(text.length);
        text = text.slice(0, at) + text.slice(from, from + 1 + int(20)) + text.slice(at);
      }
    }
  }
  const source = hasLoneSurrogate(text) ? { units: Array.from({ length: text.length }, (_, k) => text.charCodeAt(k)) } : { source: text };
  try {
    cases.push({ ...source, print: print(parse(text)) });
  } catch (e) {
    cases.push({ ...source, error: e.message, line: e.locations[0].line, column: e.locations[0].column });
  }
}
console.log(JSON.stringify(cases, null, 1));
