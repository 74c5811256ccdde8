// Reading the files a reader chooses, in the browser: the size limit, and the text encoding
// (UTF-8, UTF-16 with its byte order mark, else Windows-1252 with a note to check the result).

export const formatBytes = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} KB`);

// The text of one file. Throws {field, message} (shown like any other input error) when it is
// over the field's limit; notes(text) is told when the encoding was guessed.
export async function readText(file, { field, limit = Infinity, calculator, notes }) {
  if (file.size > limit) {
    throw { field, message: `The file is ${formatBytes(file.size)}; the limit in the browser is ${formatBytes(limit)}. ` +
      `For larger files, use the Python command line: python -m calculators ${calculator} your-file.csv` };
  }
  const bytes = await file.arrayBuffer();
  // UTF-16 with its byte order mark (Excel's "Unicode text"): read as such, not as Windows-1252
  const head = new Uint8Array(bytes.slice(0, 2));
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    notes(`${file.name} is not UTF-8 text, so it was read as Windows-1252 (Western European). Check that accented letters look right.`);
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

// The value of a file field: its text, or for a field that takes several files at once, JSON
// [{name, text}] (the calculator reads them as such); "" when none was chosen.
export async function readFileField(field, context) {
  const input = field.querySelector("input[type=file]");
  const options = { field: context.name, limit: Number(field.dataset.maxBytes || Infinity), calculator: context.calculator,
    notes: context.note };
  if (input.multiple) {
    const files = [];
    for (const file of input.files) files.push({ name: file.name, text: await readText(file, options) });
    return files.length ? JSON.stringify(files) : "";
  }
  return input.files[0] ? readText(input.files[0], options) : "";
}
