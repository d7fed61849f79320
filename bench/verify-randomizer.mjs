// Checks that src/saf/data-gen.ts's Mersenne53 yields exactly faker's generateMersenne53Randomizer sequence
// (so seeded ids did not change with the faster randomizer). Run after `npm run build`:
//   node bench/verify-randomizer.mjs
import { generateMersenne53Randomizer } from '@faker-js/faker';
import { Mersenne53 } from '../dist/saf/data-gen.js';

const seeds = [[0], [1, 2, 3], [2 ** 31 - 1, 2 ** 32 - 1, 0], 42, 0, 2 ** 32 - 1, 5489];
for (let k = 0; k < 300; k++) seeds.push([Math.floor(Math.random() * 2 ** 31), Math.floor(Math.random() * 2 ** 32), k]);
let compared = 0;
let mismatches = 0;
for (const seed of seeds) {
  const a = generateMersenne53Randomizer();
  const b = new Mersenne53();
  a.seed(seed);
  b.seed(seed);
  // 1500 doubles = 3000 words: crosses several full generations of the 624-word state.
  for (let i = 0; i < 1500; i++, compared++) {
    if (a.next() !== b.next()) {
      mismatches++;
      console.error(`mismatch: seed ${JSON.stringify(seed)}, draw ${i}`);
      break;
    }
  }
}
// Re-seeding part-way through a generation, as DataGenerator does on every draw.
const a = generateMersenne53Randomizer();
const b = new Mersenne53();
for (let r = 0; r < 500; r++) {
  a.seed([7, r, r * 3]);
  b.seed([7, r, r * 3]);
  for (let i = 0; i < (r * 7) % 900; i++, compared++) if (a.next() !== b.next()) mismatches++;
}
console.log(`${compared} draws compared, ${mismatches} mismatches`);
process.exit(mismatches === 0 ? 0 : 1);
