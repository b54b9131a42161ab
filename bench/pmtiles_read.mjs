// Reads a PMTiles archive with the pmtiles JavaScript library (the one
// MapLibre's pmtiles protocol uses) and compares its tiles with the live
// service's, byte for byte, on a list of z/x/y.
// Usage (from a folder where `npm install pmtiles@4` was run):
//   node pmtiles_read.mjs ARCHIVE http://127.0.0.1:PORT/tiles/communes LIST
import { PMTiles } from "pmtiles";
import { open, readFile } from "node:fs/promises";

const [path, live, list] = process.argv.slice(2);
const file = await open(path);
const archive = new PMTiles({
  getKey: () => path,
  getBytes: async (offset, length) => {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await file.read(buf, 0, length, offset);
    return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) };
  },
});
const header = await archive.getHeader();
const metadata = await archive.getMetadata();
console.log(`   pmtiles.js: tile type ${header.tileType}, z${header.minZoom}–${header.maxZoom}, layer ${metadata.vector_layers?.[0]?.id}`);
let same = 0, empty = 0, different = 0;
for (const tile of (await readFile(list, "utf8")).split("\n").filter(Boolean)) {
  const [z, x, y] = tile.split("/").map(Number);
  const stored = await archive.getZxy(z, x, y);
  const answer = await fetch(`${live}/${tile}.mvt`); // decompressed by fetch
  const served = answer.status === 200 ? Buffer.from(await answer.arrayBuffer()) : null;
  if (!stored && !served) empty++;
  else if (stored && served && Buffer.from(stored.data).equals(served)) same++;
  else { different++; console.log(`   differs: ${tile}`); }
}
console.log(`   pmtiles.js: ${same} tiles identical to the live ones, ${empty} empty in both, ${different} different`);
