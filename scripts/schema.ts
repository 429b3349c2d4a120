// Writes schema/members.schema.json from the zod schema the parser uses, so editors check a
// roster by exactly the rules the action applies. Run: node scripts/schema.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rosterJsonSchema } from '../src/files/roster.ts';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'members.schema.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(rosterJsonSchema(), null, 2) + '\n');
console.log(`wrote ${out}`);
