#!/usr/bin/env node
// Regenerates the README's tables from the catalog, faults, magic values and CLI flags (npm run docs).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderReadme } from '../dist/docs.js';

const before = readFileSync('README.md', 'utf8');
const after = renderReadme(before);
writeFileSync('README.md', after);
console.log(before === after ? 'README.md already up to date' : 'README.md regenerated');
