// Plain-text tables: a section is { title, columns, rows, notes }.

export function formatSection({ title, columns, rows, notes = [] }) {
  const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ').trimEnd();
  return [
    '',
    title,
    line(columns),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...rows.map(line),
    ...notes.map((note) => `  · ${note}`),
  ].join('\n');
}

export function printSection(section) {
  console.log(formatSection(section));
}
