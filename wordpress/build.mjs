// Puts the element's self-contained classic build (dist/voice-agent.iife.js, with its two
// AudioWorklet files, which it loads from its own folder) into the plugin's assets/ folder,
// and with --zip[=path] packs the plugin as the zip that WordPress's "Upload Plugin" takes.
//   npm run wordpress   (bundles first; writes dist/voice-agent-wordpress.zip)
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const plugin = join(root, 'wordpress', 'voice-agent');
const BUNDLED_FILES = ['voice-agent.iife.js', 'capture-processor.js', 'playback-processor.js'];

/** Copies the built files into assets/; throws naming what is missing. */
export function copyBuild(dist = join(root, 'dist')) {
  const missing = BUNDLED_FILES.filter((file) => !existsSync(join(dist, file)));
  if (missing.length) throw new Error(`${missing.join(', ')} missing in ${dist}: run \`npm run bundle\` first`);
  mkdirSync(join(plugin, 'assets'), { recursive: true });
  for (const file of BUNDLED_FILES) copyFileSync(join(dist, file), join(plugin, 'assets', file));
}

/** Every file under `folder`, as paths relative to it, sorted (so the zip is the same each time). */
function filesUnder(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath ?? entry.path, entry.name)).split('\\').join('/'))
    .sort();
}

/**
 * A zip (deflate) of `folder` with every path under `prefix/`. Timestamps are fixed at
 * 1980-01-01 so the same files give the same bytes.
 */
export function zipFolder(folder, prefix) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const path of filesUnder(folder)) {
    const data = readFileSync(join(folder, path));
    const packed = deflateRawSync(data, { level: 9 });
    const name = Buffer.from(`${prefix}/${path}`, 'utf8');
    const checksum = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time 00:00
    local.writeUInt16LE(0x21, 12); // date 1980-01-01
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    local.copy(central, 6, 4, 30); // version needed … name length, as in the local header
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const zipArgument = process.argv.slice(2).find((argument) => argument.startsWith('--zip'));
  try {
    copyBuild();
    console.log(`copied ${BUNDLED_FILES.join(', ')} into ${relative(root, join(plugin, 'assets'))}/`);
    if (zipArgument) {
      const target = resolve(root, zipArgument.split('=')[1] ?? 'dist/voice-agent-wordpress.zip');
      mkdirSync(dirname(target), { recursive: true });
      const zip = zipFolder(plugin, 'voice-agent');
      writeFileSync(target, zip);
      console.log(`wrote ${relative(root, target)} (${zip.length} bytes)`);
    }
  } catch (error) {
    console.error(`wordpress: ${error.message}`);
    process.exit(1);
  }
}
