// `npm run bench`: runs every benchmark section and prints one table.
// Add a section by exporting a function that returns { title, columns, rows, notes } and
// listing it below.
import { jitterRows, resamplerRows } from './dsp.mjs';

const sections = [resamplerRows, jitterRows];

function printSection({ title, columns, rows, notes = [] }) {
  const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(columns));
  console.log(widths.map((width) => '─'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
  for (const note of notes) console.log(`  · ${note}`);
}

for (const section of sections) printSection(await section());
