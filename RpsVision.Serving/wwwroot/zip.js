// A minimal ZIP writer: stored entries only (no compression: PNG and JPEG are compressed already), written
// entirely in the browser. Layout per PKWARE's APPNOTE: a local header and the bytes of each file, then the
// central directory and its end record. No ZIP64, so at most 65,535 entries and 4 GiB in all.

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION = 20; // 2.0: what stored entries with folders in their names need, and what every unzip reads
const UTF8_NAMES = 0x0800; // general purpose flag bit 11
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, the polynomial ZIP and PNG use) of the bytes. */
export function crc32(bytes) {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS time and date, the local time ZIP stores (two-second resolution, years 1980 to 2107). */
function dosDateTime(date) {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** Refuses a name that would unpack outside the target folder or that unzip tools read differently. */
function checkName(name) {
  const parts = name.split("/");
  if (!name || name.includes("\\") || parts.some((part) => part === "" || part === "." || part === "..")) {
    throw new Error(`"${name}" is not a relative file path with "/" between folder names.`);
  }
}

/**
 * A ZIP file (a Blob of type application/zip) holding the given files, stored uncompressed.
 * @param {{name: string, blob: Blob}[]} files entry names such as "rock/1.png", and their contents
 * @param {Date} [modified] the time stamp of every entry
 */
export async function zipStored(files, modified = new Date()) {
  if (files.length > MAX_ENTRIES) {
    throw new Error(`A ZIP without ZIP64 holds at most ${MAX_ENTRIES} files, not ${files.length}.`);
  }
  const { time, date } = dosDateTime(modified);
  const encoder = new TextEncoder();
  const parts = [];
  const central = [];
  let offset = 0;
  for (const file of files) {
    checkName(file.name);
    const name = encoder.encode(file.name);
    const data = new Uint8Array(await file.blob.arrayBuffer());
    const entry = {
      name,
      flags: /^[\x20-\x7e]*$/.test(file.name) ? 0 : UTF8_NAMES,
      crc: crc32(data),
      size: data.length,
      offset,
    };
    const header = localHeader(entry, time, date);
    parts.push(header, data);
    offset += header.length + data.length;
    if (offset > MAX_OFFSET) throw new Error("The files add up to more than the 4 GiB a ZIP without ZIP64 holds.");
    central.push(centralHeader(entry, time, date));
  }
  const directorySize = central.reduce((sum, header) => sum + header.length, 0);
  parts.push(...central, endRecord(files.length, directorySize, offset));
  return new Blob(parts, { type: "application/zip" });
}

function localHeader(entry, time, date) {
  const bytes = new Uint8Array(30 + entry.name.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, LOCAL_HEADER, true);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, entry.flags, true);
  view.setUint16(8, 0, true); // method 0: stored
  view.setUint16(10, time, true);
  view.setUint16(12, date, true);
  view.setUint32(14, entry.crc, true);
  view.setUint32(18, entry.size, true); // compressed size
  view.setUint32(22, entry.size, true); // uncompressed size
  view.setUint16(26, entry.name.length, true);
  view.setUint16(28, 0, true); // no extra field
  bytes.set(entry.name, 30);
  return bytes;
}

function centralHeader(entry, time, date) {
  const bytes = new Uint8Array(46 + entry.name.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, CENTRAL_HEADER, true);
  view.setUint16(4, VERSION, true); // made by: MS-DOS attributes, so unzip gives the files default permissions
  view.setUint16(6, VERSION, true); // needed to extract
  view.setUint16(8, entry.flags, true);
  view.setUint16(10, 0, true);
  view.setUint16(12, time, true);
  view.setUint16(14, date, true);
  view.setUint32(16, entry.crc, true);
  view.setUint32(20, entry.size, true);
  view.setUint32(24, entry.size, true);
  view.setUint16(28, entry.name.length, true);
  // 30: extra field length, 32: comment length, 34: disk number, 36: internal and 38: external attributes, all 0
  view.setUint32(42, entry.offset, true);
  bytes.set(entry.name, 46);
  return bytes;
}

function endRecord(count, directorySize, directoryOffset) {
  const bytes = new Uint8Array(22);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, END_OF_CENTRAL_DIRECTORY, true);
  // 4: this disk, 6: the disk where the directory starts, both 0
  view.setUint16(8, count, true);
  view.setUint16(10, count, true);
  view.setUint32(12, directorySize, true);
  view.setUint32(16, directoryOffset, true);
  // 20: comment length 0
  return bytes;
}
