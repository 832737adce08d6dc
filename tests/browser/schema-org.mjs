// Checks JSON-LD documents against the schema.org vocabulary, as shipped in the `schema-dts` package (the
// typings the schema.org vocabulary is generated into; its version is pinned in package.json). Every node's
// `@type` must be a schema.org type, and every property must be one schema.org defines for that type or a
// type it inherits from. Nested nodes are checked the same way; `@id` references are not followed.
//
//   node tests/browser/schema-org.mjs FILE.json
//
// FILE holds `{ "PAGE": [document, ...], ... }`. Exit status: 0 when every node is valid, 1 with a report of
// each problem (page, type, property) when one is not, 2 when the vocabulary or the file cannot be read.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TYPINGS = path.join(HERE, 'node_modules', 'schema-dts', 'dist', 'schema.d.ts');

function fail(message) {
  console.error(message);
  process.exit(2);
}

if (!fs.existsSync(TYPINGS)) {
  fail(`the schema.org vocabulary is missing: run \`npm ci\` in tests/browser (it installs schema-dts)`);
}
const file = process.argv[2];
if (!file) fail('usage: node schema-org.mjs FILE.json');

// The typings declare each type as `interface TypeBase extends ParentBase, OtherBase { "prop"?: ...; }`
// and `export interface TypeLeaf extends TypeBase { "@type": "Type"; }`.
const typings = fs.readFileSync(TYPINGS, 'utf8');
const bases = new Map(); // TypeBase -> { parents: [..], props: Set }
let current = null;
for (const line of typings.split('\n')) {
  const opened = line.match(/^(?:export )?interface (\w+Base) (?:extends ([\w, <>]+?) )?\{/);
  if (opened) {
    const parents = (opened[2] || '')
      .split(',')
      .map((p) => p.trim().replace(/<.*$/, ''))
      .filter((p) => p.endsWith('Base'));
    current = { parents, props: new Set() };
    bases.set(opened[1], current);
    continue;
  }
  if (line.startsWith('}')) {
    current = null;
    continue;
  }
  const prop = current && line.match(/^\s+"([^"@][^"]*)"\??:/);
  if (prop) current.props.add(prop[1]);
}
const leaves = new Map(); // Type -> TypeBase
for (const match of typings.matchAll(/^export interface (\w+)Leaf extends (\w+Base) \{\n\s+"@type": "(\w+)";/gm)) {
  leaves.set(match[3], match[2]);
}
if (leaves.size < 500) fail(`could not read the vocabulary from ${TYPINGS} (${leaves.size} types)`);

const cache = new Map();
function propertiesOf(type) {
  if (cache.has(type)) return cache.get(type);
  const props = new Set();
  const seen = new Set();
  const walk = (base) => {
    if (seen.has(base) || !bases.has(base)) return;
    seen.add(base);
    const entry = bases.get(base);
    for (const p of entry.props) props.add(p);
    for (const parent of entry.parents) walk(parent);
  };
  walk(leaves.get(type));
  cache.set(type, props);
  return props;
}

const problems = [];
function check(page, node, where) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => check(page, item, `${where}[${i}]`));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === '@id') return; // a reference
  const type = node['@type'];
  if (where !== '' && type === undefined) {
    problems.push(`${page}: ${where} has no @type`);
    return;
  }
  if (type !== undefined) {
    if (!leaves.has(type)) {
      problems.push(`${page}: ${where || 'the document'} has @type ${type}, which is not a schema.org type`);
      return;
    }
    const allowed = propertiesOf(type);
    for (const key of keys) {
      if (key.startsWith('@')) continue;
      if (!allowed.has(key)) problems.push(`${page}: ${type} has no property \`${key}\` (${where || 'top'})`);
    }
  }
  for (const key of keys) {
    if (key === '@context') continue;
    check(page, node[key], where ? `${where}.${key}` : key);
  }
}

let documents;
try {
  documents = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (error) {
  fail(`cannot read ${file}: ${error.message}`);
}
let nodes = 0;
for (const [page, list] of Object.entries(documents)) {
  for (const document of list) {
    const graph = document['@graph'] ?? [document];
    for (const node of graph) {
      nodes += 1;
      check(page, node, '');
    }
  }
}
if (problems.length) {
  console.log(problems.join('\n'));
  process.exit(1);
}
console.log(`${nodes} nodes on ${Object.keys(documents).length} pages: every type and property is schema.org's`);
