//! The RDB snapshot format of Redis 7.0 (version 10): `write` produces files redis-server 7.0
//! loads with identical contents, `load` reads what any Redis from 2.x to 7.0 wrote (strings,
//! lists, sets, sorted sets and hashes in every encoding; not streams, modules or functions).
//!
//! A file is `REDIS0010`, opcodes (aux fields, database selectors, size hints, expiry times)
//! each followed by their arguments, keys as `type key value`, and `0xFF` then a CRC-64 of
//! everything before it. Lengths use a 1, 2, 5 or 9 byte encoding; strings are a length and
//! bytes, or a small integer, or LZF-compressed. Small collections are stored as one blob in
//! Redis's in-memory compact encodings (listpack, intset; ziplist and zipmap in older files).
//!
//! The loader treats the file as untrusted: every read is bounds-checked, every declared
//! length is checked against the bytes that remain before anything is allocated for it, and a
//! problem comes back as an `RdbError` naming the byte offset.
use super::listpack::{self, Elem};
use super::{crc64, intset, lzf, ziplist};
use crate::db::zset::ZSet;
use crate::db::{Db, Str, Value, types};
use crate::proto::num::{fmt_double, parse_f64, parse_i64};
use std::borrow::Cow;
use std::io::{self, Write};

/// The version this module writes, and the newest it reads.
pub const RDB_VERSION: u32 = 10;

// Value types (`rdb.h`).
const T_STRING: u8 = 0;
const T_LIST: u8 = 1;
const T_SET: u8 = 2;
const T_ZSET: u8 = 3;
const T_HASH: u8 = 4;
const T_ZSET_2: u8 = 5;
const T_MODULE: u8 = 6;
const T_MODULE_2: u8 = 7;
const T_HASH_ZIPMAP: u8 = 9;
const T_LIST_ZIPLIST: u8 = 10;
const T_SET_INTSET: u8 = 11;
const T_ZSET_ZIPLIST: u8 = 12;
const T_HASH_ZIPLIST: u8 = 13;
const T_LIST_QUICKLIST: u8 = 14;
const T_STREAM_LISTPACKS: u8 = 15;
const T_HASH_LISTPACK: u8 = 16;
const T_ZSET_LISTPACK: u8 = 17;
const T_LIST_QUICKLIST_2: u8 = 18;
const T_STREAM_LISTPACKS_2: u8 = 19;

// Opcodes.
const OP_FUNCTION2: u8 = 0xF5;
const OP_FUNCTION: u8 = 0xF6;
const OP_MODULE_AUX: u8 = 0xF7;
const OP_IDLE: u8 = 0xF8;
const OP_FREQ: u8 = 0xF9;
const OP_AUX: u8 = 0xFA;
const OP_RESIZEDB: u8 = 0xFB;
const OP_EXPIRETIME_MS: u8 = 0xFC;
const OP_EXPIRETIME: u8 = 0xFD;
const OP_SELECTDB: u8 = 0xFE;
const OP_EOF: u8 = 0xFF;

// Length and string encodings: the top two bits of the first byte.
const LEN_14BIT: u8 = 1;
const LEN_32BIT: u8 = 0x80;
const LEN_64BIT: u8 = 0x81;
const ENC_VAL: u8 = 3;
const ENC_INT8: u8 = 0;
const ENC_INT16: u8 = 1;
const ENC_INT32: u8 = 2;
const ENC_LZF: u8 = 3;

/// Quicklist node containers in RDB_TYPE_LIST_QUICKLIST_2.
const CONTAINER_PLAIN: u64 = 1;
const CONTAINER_PACKED: u64 = 2;

/// A problem in an RDB file: what and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RdbError {
    pub offset: usize,
    pub msg: String,
}

impl std::fmt::Display for RdbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at offset {}", self.msg, self.offset)
    }
}

impl std::error::Error for RdbError {}

// ---------------------------------------------------------------------------------------------
// Writing

/// Thresholds for writing a hash as a listpack and a set as an intset: Redis's defaults.
/// `write` has no configuration, and a loading Redis converts what exceeds its own limits.
const HASH_LISTPACK_ENTRIES: usize = 512;
const HASH_LISTPACK_VALUE: usize = 64;
const SET_INTSET_ENTRIES: usize = 512;
/// Quicklist nodes are cut at 8 KB of listpack, as `list-max-listpack-size -2` (the default)
/// makes them; Redis loads nodes as they are.
const LIST_NODE_BYTES: usize = 8192;
/// Elements this large get a plain node of their own (Redis's `packed_threshold`).
const PLAIN_NODE_BYTES: usize = 1 << 30;
/// Bytes gathered before handing them to the output.
const FLUSH_AT: usize = 64 * 1024;

/// Serialises every database into Redis RDB v10 bytes, streaming to `out` (a BufWriter on a
/// file). Keys come out as they are, expired or not, as Redis writes them; a loader drops the
/// expired ones.
pub fn write(dbs: &[Db], out: &mut impl Write) -> io::Result<()> {
    write_with(dbs, out, WriteOptions::default())
}

/// `rdbcompression` and `rdbchecksum`.
#[derive(Clone, Copy, Debug)]
pub struct WriteOptions {
    /// LZF-compress strings over 20 bytes when it saves space.
    pub compress: bool,
    /// Write the CRC64 trailer (else eight zero bytes, which loaders accept as "not computed").
    pub checksum: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            compress: true,
            checksum: true,
        }
    }
}

/// `write` with `rdbcompression`/`rdbchecksum` as configured.
pub fn write_with(dbs: &[Db], out: &mut impl Write, opts: WriteOptions) -> io::Result<()> {
    let mut w = Writer::new(out, opts.compress, FLUSH_AT * 2);
    w.sink.raw(format!("REDIS{RDB_VERSION:04}").as_bytes())?;
    let now_s = crate::util::now_ms() / 1000;
    let used = crate::alloc::used().to_string();
    let aux: [(&str, &str); 5] = [
        ("redis-ver", crate::REDIS_VERSION),
        ("redis-bits", "64"),
        ("ctime", &now_s.to_string()),
        ("used-mem", &used),
        ("aof-base", "0"),
    ];
    for (k, v) in aux {
        w.sink.byte(OP_AUX);
        w.string(k.as_bytes())?;
        w.string(v.as_bytes())?;
    }
    for (i, db) in dbs.iter().enumerate() {
        if db.is_empty() {
            continue;
        }
        w.sink.byte(OP_SELECTDB);
        w.sink.len(i as u64);
        w.sink.byte(OP_RESIZEDB);
        w.sink.len(db.len() as u64);
        w.sink.len(db.expires_len() as u64);
        for (key, value, at) in db.iter() {
            w.entry(key, value, at)?;
        }
    }
    w.sink.byte(OP_EOF);
    w.sink.flush()?;
    let crc = if opts.checksum { w.sink.crc } else { 0 };
    w.sink.out.write_all(&crc.to_le_bytes())
}

/// Buffers output and keeps the running checksum.
struct Sink<'w, W: Write> {
    out: &'w mut W,
    buf: Vec<u8>,
    crc: u64,
}

impl<W: Write> Sink<'_, W> {
    fn flush(&mut self) -> io::Result<()> {
        self.crc = crc64::update(self.crc, &self.buf);
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    fn byte(&mut self, b: u8) {
        self.buf.push(b);
    }

    fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        if bytes.len() >= FLUSH_AT {
            // Large values go straight through rather than being copied into the buffer.
            self.flush()?;
            self.crc = crc64::update(self.crc, bytes);
            return self.out.write_all(bytes);
        }
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// `rdbSaveLen`: 6-bit, 14-bit, or a marker and a big-endian 32 or 64-bit length.
    fn len(&mut self, n: u64) {
        if n < 1 << 6 {
            self.buf.push(n as u8);
        } else if n < 1 << 14 {
            self.buf.push((LEN_14BIT << 6) | (n >> 8) as u8);
            self.buf.push(n as u8);
        } else if n <= u32::MAX as u64 {
            self.buf.push(LEN_32BIT);
            self.buf.extend_from_slice(&(n as u32).to_be_bytes());
        } else {
            self.buf.push(LEN_64BIT);
            self.buf.extend_from_slice(&n.to_be_bytes());
        }
    }
}

/// The RDB type a value is written as (Redis's encodings at their default limits), or None
/// for an empty collection, which is not written.
fn kind_of(value: &Value) -> Option<u8> {
    Some(match value {
        Value::Str(_) => T_STRING,
        Value::List(l) if l.is_empty() => return None,
        Value::List(_) => T_LIST_QUICKLIST_2,
        Value::Hash(h) if h.is_empty() => return None,
        Value::Hash(h) => {
            let small = |s: &[u8]| s.len() <= HASH_LISTPACK_VALUE;
            if h.len() <= HASH_LISTPACK_ENTRIES && h.iter().all(|(k, v)| small(k) && small(v)) {
                T_HASH_LISTPACK
            } else {
                T_HASH
            }
        }
        Value::Set(s) if s.is_empty() => return None,
        Value::Set(s) => {
            if s.len() <= SET_INTSET_ENTRIES && s.iter().all(|m| parse_i64(&m).is_some()) {
                T_SET_INTSET
            } else {
                T_SET
            }
        }
        Value::ZSet(z) if z.is_empty() => return None,
        Value::ZSet(z) if z.is_compact() => T_ZSET_LISTPACK,
        Value::ZSet(_) => T_ZSET_2,
    })
}

/// DUMP's payload (Redis's `createDumpPayload`): the type byte and the value as RDB writes
/// them, the RDB version as two little-endian bytes, then the CRC64 of everything before it.
/// None for an empty collection (which no key holds).
pub fn dump(value: &Value, opts: WriteOptions) -> Option<Vec<u8>> {
    let kind = kind_of(value)?;
    let mut out = Vec::new();
    let mut w = Writer::new(&mut out, opts.compress, 0);
    w.sink.byte(kind);
    // Writing to a Vec cannot fail.
    w.value(kind, value).ok()?;
    w.sink.raw(&(RDB_VERSION as u16).to_le_bytes()).ok()?;
    w.sink.flush().ok()?;
    let crc = crc64::crc64(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    Some(out)
}

/// Why RESTORE refuses a payload.
#[derive(Debug, PartialEq)]
pub enum RestoreError {
    /// Too short, from a newer RDB version, or its checksum does not match.
    VersionOrChecksum,
    /// It checks out but does not decode to a value.
    BadFormat,
}

/// RESTORE's side (Redis's `verifyDumpPayload`, then `rdbLoadObjectType` and `rdbLoadObject`):
/// the value a DUMP payload holds, converted to this server's encodings by `limits`.
pub fn restore(payload: &[u8], limits: Limits) -> Result<Value, RestoreError> {
    if payload.len() < 10 {
        return Err(RestoreError::VersionOrChecksum);
    }
    let (body, footer) = payload.split_at(payload.len() - 10);
    let version = u16::from_le_bytes([footer[0], footer[1]]) as u32;
    let crc = u64::from_le_bytes(footer[2..].try_into().unwrap_or_default());
    if version > RDB_VERSION || crc != crc64::crc64(&payload[..payload.len() - 8]) {
        return Err(RestoreError::VersionOrChecksum);
    }
    let mut loader = Loader {
        r: Reader { buf: body, pos: 0 },
        now_ms: 0,
        version,
        limits,
    };
    let kind = loader.r.byte().map_err(|_| RestoreError::BadFormat)?;
    check_type(kind, 0).map_err(|_| RestoreError::BadFormat)?;
    // Bytes after the value are ignored, as Redis's loader ignores them.
    match loader.object(kind, 0) {
        Ok(Some(value)) => Ok(value),
        _ => Err(RestoreError::BadFormat),
    }
}

struct Writer<'w, W: Write> {
    compress: bool,
    sink: Sink<'w, W>,
    lzf: lzf::Compressor,
    lp: listpack::Builder,
}

impl<'w, W: Write> Writer<'w, W> {
    fn new(out: &'w mut W, compress: bool, buffer: usize) -> Self {
        Writer {
            compress,
            sink: Sink {
                out,
                buf: Vec::with_capacity(buffer),
                crc: 0,
            },
            lzf: lzf::Compressor::new(),
            lp: listpack::Builder::new(),
        }
    }

    /// `rdbSaveRawString`: a canonical integer that fits 32 bits as an integer, a string over
    /// 20 bytes LZF-compressed if that saves at least 4 bytes, anything else verbatim.
    fn string(&mut self, s: &[u8]) -> io::Result<()> {
        if s.len() <= 11
            && let Some(v) = parse_i64(s)
        {
            let enc = (ENC_VAL << 6) as i64;
            if let Ok(v) = i8::try_from(v) {
                self.sink.byte((enc | ENC_INT8 as i64) as u8);
                self.sink.byte(v as u8);
                return Ok(());
            } else if let Ok(v) = i16::try_from(v) {
                self.sink.byte((enc | ENC_INT16 as i64) as u8);
                return self.sink.raw(&v.to_le_bytes());
            } else if let Ok(v) = i32::try_from(v) {
                self.sink.byte((enc | ENC_INT32 as i64) as u8);
                return self.sink.raw(&v.to_le_bytes());
            }
        }
        if self.compress
            && s.len() > 20
            && let Some(z) = self.lzf.compress(s, s.len() - 4)
        {
            self.sink.byte((ENC_VAL << 6) | ENC_LZF);
            self.sink.len(z.len() as u64);
            self.sink.len(s.len() as u64);
            return self.sink.raw(z);
        }
        self.sink.len(s.len() as u64);
        self.sink.raw(s)
    }

    fn entry(&mut self, key: &[u8], value: &Value, expire_at: Option<i64>) -> io::Result<()> {
        let Some(kind) = kind_of(value) else {
            return Ok(());
        };
        if let Some(at) = expire_at {
            self.sink.byte(OP_EXPIRETIME_MS);
            self.sink.raw(&at.to_le_bytes())?;
        }
        self.sink.byte(kind);
        self.string(key)?;
        self.value(kind, value)
    }

    /// The value's serialization in the encoding `kind` (`rdbSaveObject`).
    fn value(&mut self, kind: u8, value: &Value) -> io::Result<()> {
        match value {
            Value::Str(s) => self.string(s),
            Value::List(l) => self.list(l),
            Value::Hash(h) if kind == T_HASH_LISTPACK => {
                for (k, v) in h.iter() {
                    self.lp.push(k);
                    self.lp.push(v);
                }
                self.finish_listpack()
            }
            Value::Hash(h) => {
                self.sink.len(h.len() as u64);
                for (k, v) in h.iter() {
                    self.string(k)?;
                    self.string(v)?;
                }
                Ok(())
            }
            Value::Set(s) if kind == T_SET_INTSET => {
                let mut ints: Vec<i64> = s.iter().filter_map(|m| parse_i64(&m)).collect();
                self.string(&intset::encode(&mut ints))
            }
            Value::Set(s) => {
                self.sink.len(s.len() as u64);
                s.iter().try_for_each(|m| self.string(&m))
            }
            Value::ZSet(z) if kind == T_ZSET_LISTPACK => {
                for (m, score) in z.iter() {
                    self.lp.push(m);
                    match double2ll(score) {
                        Some(v) => self.lp.push_int(v),
                        None => self.lp.push(fmt_double(score).as_bytes()),
                    }
                }
                self.finish_listpack()
            }
            Value::ZSet(z) => {
                // Highest first, as Redis writes them: its loader then inserts at the head.
                self.sink.len(z.len() as u64);
                for (m, score) in z.iter_from(0, true) {
                    self.string(m)?;
                    self.sink.raw(&score.to_le_bytes())?;
                }
                Ok(())
            }
        }
    }

    fn finish_listpack(&mut self) -> io::Result<()> {
        let lp = self.lp.finish();
        self.string(&lp)
    }

    /// A list as a quicklist of listpack nodes of up to `LIST_NODE_BYTES`.
    fn list(&mut self, l: &types::List) -> io::Result<()> {
        // The node count comes first, so plan the nodes before writing them.
        let mut nodes: Vec<(usize, bool)> = Vec::new();
        let (mut bytes, mut count) = (0usize, 0usize);
        for e in l.iter() {
            if e.len() >= PLAIN_NODE_BYTES {
                if count > 0 {
                    nodes.push((count, false));
                }
                nodes.push((1, true));
                (bytes, count) = (0, 0);
                continue;
            }
            let size = listpack::Builder::entry_size(e);
            if count > 0 && listpack::EMPTY_BYTES + bytes + size > LIST_NODE_BYTES {
                nodes.push((count, false));
                (bytes, count) = (0, 0);
            }
            bytes += size;
            count += 1;
        }
        if count > 0 {
            nodes.push((count, false));
        }
        self.sink.len(nodes.len() as u64);
        let mut elems = l.iter();
        for (count, plain) in nodes {
            if plain {
                self.sink.len(CONTAINER_PLAIN);
                if let Some(e) = elems.next() {
                    self.string(e)?;
                }
                continue;
            }
            self.sink.len(CONTAINER_PACKED);
            for e in elems.by_ref().take(count) {
                self.lp.push(e);
            }
            self.finish_listpack()?;
        }
        Ok(())
    }
}

/// Redis's `double2ll`: the score as an integer if it is one exactly (listpacks store those as
/// integers; -0 becomes 0).
fn double2ll(d: f64) -> Option<i64> {
    let lim = (i64::MAX / 2) as f64;
    if !(-lim..=lim).contains(&d) {
        return None;
    }
    let v = d as i64;
    (v as f64 == d).then_some(v)
}

// ---------------------------------------------------------------------------------------------
// Loading

/// Parses a whole RDB file into `databases` databases. Keys whose expiry is <= `now_ms` are
/// skipped (as a Redis master does on load); a SELECTDB index >= `databases` is an error.
///
/// Sorted sets take their encoding (listpack or skiplist, which OBJECT ENCODING and a few
/// replies show) from `zset::listpack_limits()`: set those from the configuration
/// (`zset::set_listpack_limits`) before loading.
pub fn load(bytes: &[u8], databases: usize, now_ms: i64) -> Result<Vec<Db>, RdbError> {
    load_with(bytes, databases, now_ms, Limits::default())
}

/// The compact-encoding limits loaded hashes and sets are judged by (Redis converts what it
/// loads by its configured `hash-max-listpack-*` and `set-max-intset-entries`).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub list_fill: types::Fill,
    pub hash_entries: usize,
    pub hash_value: usize,
    pub intset_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            list_fill: types::Fill::default(),
            hash_entries: 512,
            hash_value: 64,
            intset_entries: 512,
        }
    }
}

impl Limits {
    pub fn from_config(e: &crate::config::Encodings) -> Limits {
        Limits {
            list_fill: types::Fill::from_config(e.list_max_listpack_size),
            hash_entries: e.hash_max_listpack_entries.max(0) as usize,
            hash_value: e.hash_max_listpack_value.max(0) as usize,
            intset_entries: e.set_max_intset_entries.max(0) as usize,
        }
    }
}

/// `load` with the server's encoding limits.
pub fn load_with(
    bytes: &[u8],
    databases: usize,
    now_ms: i64,
    limits: Limits,
) -> Result<Vec<Db>, RdbError> {
    let mut loader = Loader {
        r: Reader { buf: bytes, pos: 0 },
        now_ms,
        version: 0,
        limits,
    };
    let mut dbs: Vec<Db> = (0..databases).map(|_| Db::default()).collect();
    loader.run(&mut dbs).map_err(|mut e| {
        // A corrupt byte often shows up as a nonsense length well before the checksum is
        // reached; say so when the trailing checksum disagrees too.
        if loader.version >= 5 && bytes.len() >= 18 {
            let (body, tail) = bytes.split_at(bytes.len() - 8);
            let stored = u64::from_le_bytes(tail.try_into().unwrap_or_default());
            if stored != 0 && stored != crc64::crc64(body) {
                e.msg.push_str(
                    " (and the file's checksum does not match: it is truncated or corrupt)",
                );
            }
        }
        e
    })?;
    Ok(dbs)
}

/// A bounds-checked cursor over the file.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

fn err(offset: usize, msg: impl Into<String>) -> RdbError {
    RdbError {
        offset,
        msg: msg.into(),
    }
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], RdbError> {
        if n > self.remaining() {
            return Err(err(
                self.pos,
                format!(
                    "unexpected end of file: {n} bytes needed, {} left",
                    self.remaining()
                ),
            ));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], RdbError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn byte(&mut self) -> Result<u8, RdbError> {
        Ok(self.array::<1>()?[0])
    }

    /// `rdbLoadLenByRef`: a length, or (`true`, encoding) for a specially encoded string.
    fn len_or_enc(&mut self) -> Result<(u64, bool), RdbError> {
        let at = self.pos;
        let b = self.byte()?;
        Ok(match b >> 6 {
            0 => ((b & 0x3F) as u64, false),
            LEN_14BIT => ((((b & 0x3F) as u64) << 8) | self.byte()? as u64, false),
            ENC_VAL => ((b & 0x3F) as u64, true),
            _ if b == LEN_32BIT => (u32::from_be_bytes(self.array()?) as u64, false),
            _ if b == LEN_64BIT => (u64::from_be_bytes(self.array()?), false),
            _ => return Err(err(at, format!("unknown length encoding 0x{b:02x}"))),
        })
    }

    fn len(&mut self) -> Result<u64, RdbError> {
        let at = self.pos;
        match self.len_or_enc()? {
            (n, false) => Ok(n),
            (_, true) => Err(err(at, "expected a length, found a string encoding")),
        }
    }

    /// A collection's element count, and how many to reserve room for: no more than the bytes
    /// left could hold at `min_bytes` an element, so a corrupt count cannot allocate much.
    fn count(&mut self, min_bytes: usize) -> Result<(u64, usize), RdbError> {
        let n = self.len()?;
        let cap = (n.min(usize::MAX as u64) as usize)
            .min(self.remaining() / min_bytes)
            .min(1 << 20);
        Ok((n, cap))
    }

    /// `rdbGenericLoadStringObject`: raw bytes, an 8/16/32-bit integer, or LZF.
    fn string(&mut self) -> Result<Cow<'a, [u8]>, RdbError> {
        let at = self.pos;
        let (n, encoded) = self.len_or_enc()?;
        if !encoded {
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            if n > self.remaining() {
                return Err(err(
                    at,
                    format!(
                        "string of {n} bytes runs past the end of the file ({} left)",
                        self.remaining()
                    ),
                ));
            }
            return Ok(Cow::Borrowed(self.take(n)?));
        }
        let v: i64 = match n as u8 {
            ENC_INT8 => i8::from_le_bytes(self.array()?) as i64,
            ENC_INT16 => i16::from_le_bytes(self.array()?) as i64,
            ENC_INT32 => i32::from_le_bytes(self.array()?) as i64,
            ENC_LZF => {
                let clen = self.len()?;
                let len = self.len()?;
                let clen = usize::try_from(clen).unwrap_or(usize::MAX);
                if clen > self.remaining() {
                    return Err(err(
                        at,
                        format!("compressed string of {clen} bytes runs past the end of the file"),
                    ));
                }
                let data = self.take(clen)?;
                let len = usize::try_from(len).unwrap_or(usize::MAX);
                return lzf::decompress(data, len)
                    .map(Cow::Owned)
                    .map_err(|e| err(at, format!("invalid LZF-compressed string: {e}")));
            }
            other => return Err(err(at, format!("unknown string encoding {other}"))),
        };
        Ok(Cow::Owned(
            itoa::Buffer::new().format(v).as_bytes().to_vec(),
        ))
    }
}

fn to_str(s: Cow<'_, [u8]>) -> Str {
    match s {
        Cow::Borrowed(b) => Str::from_slice(b),
        Cow::Owned(v) => Str::from_vec(v),
    }
}

/// A key name for error messages: printable, and not too long.
fn show(key: &[u8]) -> String {
    let s = String::from_utf8_lossy(&key[..key.len().min(64)]);
    let more = if key.len() > 64 { "..." } else { "" };
    format!("'{}{more}'", s.escape_debug())
}

struct Loader<'a> {
    r: Reader<'a>,
    now_ms: i64,
    version: u32,
    limits: Limits,
}

impl<'a> Loader<'a> {
    fn run(&mut self, dbs: &mut [Db]) -> Result<(), RdbError> {
        let magic = self.r.take(9)?;
        if &magic[..5] != b"REDIS" {
            return Err(err(0, "not an RDB file (no REDIS signature)"));
        }
        let version = std::str::from_utf8(&magic[5..])
            .ok()
            .filter(|v| v.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|v| v.parse::<u32>().ok())
            .ok_or_else(|| err(5, "invalid RDB version"))?;
        if !(1..=RDB_VERSION).contains(&version) {
            return Err(err(
                5,
                format!("unsupported RDB version {version} (this loader reads 1 to {RDB_VERSION})"),
            ));
        }
        self.version = version;
        let mut db = 0usize;
        let mut expire_at: Option<i64> = None;
        loop {
            let at = self.r.pos;
            let op = self.r.byte()?;
            match op {
                OP_EOF => break,
                OP_EXPIRETIME => {
                    expire_at = Some(i32::from_le_bytes(self.r.array()?) as i64 * 1000);
                }
                OP_EXPIRETIME_MS => expire_at = Some(i64::from_le_bytes(self.r.array()?)),
                OP_FREQ => {
                    self.r.byte()?;
                }
                OP_IDLE => {
                    self.r.len()?;
                }
                OP_SELECTDB => {
                    let n = self.r.len()?;
                    if n >= dbs.len() as u64 {
                        return Err(err(
                            at,
                            format!(
                                "database {n} out of range (configured databases: {})",
                                dbs.len()
                            ),
                        ));
                    }
                    db = n as usize;
                }
                OP_RESIZEDB => {
                    let keys = self.r.len()?;
                    let expires = self.r.len()?;
                    // Each key takes at least 3 bytes: a hint cannot reserve more than fits.
                    let most = (self.r.remaining() / 3) as u64;
                    if let Some(d) = dbs.get_mut(db) {
                        d.reserve(keys.min(most) as usize, expires.min(most) as usize);
                    }
                }
                OP_AUX => {
                    // Information only (version, creation time, memory): skipped, as Redis
                    // skips the fields it does not know.
                    self.r.string()?;
                    self.r.string()?;
                }
                OP_MODULE_AUX => return Err(err(at, "module data not supported (MODULE_AUX)")),
                OP_FUNCTION | OP_FUNCTION2 => {
                    let name = if op == OP_FUNCTION2 {
                        "FUNCTION2"
                    } else {
                        "FUNCTION"
                    };
                    return Err(err(
                        at,
                        format!("function libraries not supported ({name})"),
                    ));
                }
                kind => {
                    check_type(kind, at)?;
                    let key_at = self.r.pos;
                    let key = self.r.string()?;
                    let value = self.object(kind, at).map_err(|mut e| {
                        e.msg = format!("{} (key {})", e.msg, show(&key));
                        e
                    })?;
                    let expire = expire_at.take();
                    let Some(value) = value else {
                        continue; // an empty collection: Redis skips these too
                    };
                    if expire.is_some_and(|t| t <= self.now_ms) {
                        continue;
                    }
                    let d = dbs.get_mut(db).ok_or_else(|| {
                        err(at, format!("key in database {db}, which does not exist"))
                    })?;
                    if d.get(&key).is_some() {
                        return Err(err(key_at, format!("duplicate key {}", show(&key))));
                    }
                    d.insert_new(&key, value);
                    if let Some(t) = expire {
                        d.set_expire(&key, t);
                    }
                }
            }
        }
        if self.version >= 5 {
            let body_end = self.r.pos;
            let stored = u64::from_le_bytes(self.r.array()?);
            if stored != 0 {
                let computed = crc64::crc64(&self.r.buf[..body_end]);
                if stored != computed {
                    return Err(err(
                        body_end,
                        format!(
                            "RDB checksum mismatch: file says {stored:016x}, contents give {computed:016x}"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Reads one value of type `kind` (whose type byte is at `at`). None for an empty
    /// collection.
    fn object(&mut self, kind: u8, at: usize) -> Result<Option<Value>, RdbError> {
        let limits = self.limits;
        let r = &mut self.r;
        let value = match kind {
            T_STRING => Value::Str(to_str(r.string()?)),
            T_LIST => {
                let (n, _) = r.count(1)?;
                let mut l = types::List::new();
                for _ in 0..n {
                    l.push_back(&r.string()?, limits.list_fill);
                }
                Value::List(Box::new(l))
            }
            T_SET => {
                let (n, cap) = r.count(1)?;
                let _ = cap;
                let mut s = types::Set::default();
                for _ in 0..n {
                    let m_at = r.pos;
                    let m = to_str(r.string()?);
                    if s.contains(&m) {
                        return Err(err(m_at, "duplicate set member"));
                    }
                    s.add(&m, limits.intset_entries);
                }
                Value::Set(s)
            }
            T_ZSET | T_ZSET_2 => {
                let (n, cap) = r.count(if kind == T_ZSET_2 { 9 } else { 2 })?;
                let mut z = ZSet::new_skiplist(cap);
                for _ in 0..n {
                    let m_at = r.pos;
                    let m = r.string()?;
                    let score = if kind == T_ZSET_2 {
                        f64::from_le_bytes(r.array()?)
                    } else {
                        text_score(r)?
                    };
                    zadd(&mut z, &m, score, m_at)?;
                }
                z.compact_if_small();
                Value::ZSet(z)
            }
            T_HASH => {
                let (n, cap) = r.count(2)?;
                let _ = cap;
                let mut h = types::Hash::default();
                for _ in 0..n {
                    let f_at = r.pos;
                    let f = r.string()?;
                    let v = r.string()?;
                    if !h.set(&f, &v, limits.hash_entries, limits.hash_value) {
                        return Err(err(f_at, "duplicate hash field"));
                    }
                }
                Value::Hash(h)
            }
            T_LIST_QUICKLIST | T_LIST_QUICKLIST_2 => {
                let (n, _) = r.count(1)?;
                let mut l = types::List::new();
                for _ in 0..n {
                    let container = if kind == T_LIST_QUICKLIST_2 {
                        let c_at = r.pos;
                        let c = r.len()?;
                        if c != CONTAINER_PLAIN && c != CONTAINER_PACKED {
                            return Err(err(c_at, format!("invalid quicklist container {c}")));
                        }
                        c
                    } else {
                        CONTAINER_PACKED
                    };
                    let b_at = r.pos;
                    let blob = r.string()?;
                    if blob.is_empty() {
                        return Err(err(b_at, "empty quicklist node"));
                    }
                    if container == CONTAINER_PLAIN {
                        l.push_back(&blob, limits.list_fill);
                        continue;
                    }
                    let elems = if kind == T_LIST_QUICKLIST {
                        ziplist::decode(&blob)
                    } else {
                        listpack::decode(&blob)
                    };
                    let elems = elems.map_err(|e| err(b_at, e))?;
                    for e in elems {
                        l.push_back(&e.to_str(), limits.list_fill);
                    }
                }
                Value::List(Box::new(l))
            }
            T_HASH_ZIPMAP | T_LIST_ZIPLIST | T_SET_INTSET | T_ZSET_ZIPLIST | T_HASH_ZIPLIST
            | T_HASH_LISTPACK | T_ZSET_LISTPACK => {
                let b_at = r.pos;
                let blob = r.string()?;
                let bad = |e: String| err(b_at, e);
                match kind {
                    T_HASH_ZIPMAP => {
                        let pairs = ziplist::decode_zipmap(&blob).map_err(bad)?;
                        hash_from(
                            pairs.into_iter().map(|(f, v)| (Elem::Str(f), Elem::Str(v))),
                            b_at,
                            limits,
                        )?
                    }
                    T_LIST_ZIPLIST => {
                        let elems = ziplist::decode(&blob).map_err(bad)?;
                        let mut l = types::List::new();
                        for e in elems {
                            l.push_back(&e.to_str(), limits.list_fill);
                        }
                        Value::List(Box::new(l))
                    }
                    T_SET_INTSET => {
                        let ints = intset::decode(&blob).map_err(bad)?;
                        let mut s = types::Set::default();
                        for v in ints {
                            s.add(&Elem::Int(v).to_str(), limits.intset_entries);
                        }
                        Value::Set(s)
                    }
                    T_HASH_ZIPLIST | T_HASH_LISTPACK => {
                        let elems = if kind == T_HASH_ZIPLIST {
                            ziplist::decode(&blob)
                        } else {
                            listpack::decode(&blob)
                        };
                        let elems = elems.map_err(bad)?;
                        if elems.len() % 2 != 0 {
                            return Err(err(b_at, "hash blob with an odd number of entries"));
                        }
                        hash_from(elems.chunks_exact(2).map(|p| (p[0], p[1])), b_at, limits)?
                    }
                    _ => {
                        let elems = if kind == T_ZSET_ZIPLIST {
                            ziplist::decode(&blob)
                        } else {
                            listpack::decode(&blob)
                        };
                        let elems = elems.map_err(bad)?;
                        if elems.len() % 2 != 0 {
                            return Err(err(b_at, "sorted set blob with an odd number of entries"));
                        }
                        let mut z = ZSet::new_skiplist(elems.len() / 2);
                        for p in elems.chunks_exact(2) {
                            let score = match p[1] {
                                Elem::Int(v) => v as f64,
                                Elem::Str(s) => parse_score(s)
                                    .ok_or_else(|| err(b_at, "invalid score in sorted set blob"))?,
                            };
                            zadd(&mut z, &p[0].to_str(), score, b_at)?;
                        }
                        z.compact_if_small();
                        Value::ZSet(z)
                    }
                }
            }
            _ => return check_type(kind, at).map(|()| None),
        };
        let empty = match &value {
            Value::Str(_) => false,
            Value::List(l) => l.is_empty(),
            Value::Hash(h) => h.is_empty(),
            Value::Set(s) => s.is_empty(),
            Value::ZSet(z) => z.is_empty(),
        };
        Ok((!empty).then_some(value))
    }
}

/// Refuses, before its key is read, a value type this loader does not handle.
fn check_type(kind: u8, at: usize) -> Result<(), RdbError> {
    match kind {
        T_STRING..=T_ZSET_2 | T_HASH_ZIPMAP..=T_HASH_ZIPLIST | T_LIST_QUICKLIST => Ok(()),
        T_HASH_LISTPACK..=T_LIST_QUICKLIST_2 => Ok(()),
        T_STREAM_LISTPACKS | T_STREAM_LISTPACKS_2 => Err(err(
            at,
            format!("stream values not supported (type {kind})"),
        )),
        T_MODULE | T_MODULE_2 => Err(err(
            at,
            format!("module values not supported (type {kind})"),
        )),
        _ => Err(err(
            at,
            format!("unknown value type or opcode 0x{kind:02x}"),
        )),
    }
}

/// A score written as text (`RDB_TYPE_ZSET`): a length byte, or 253/254/255 for nan/inf/-inf.
fn text_score(r: &mut Reader<'_>) -> Result<f64, RdbError> {
    let at = r.pos;
    Ok(match r.byte()? {
        255 => f64::NEG_INFINITY,
        254 => f64::INFINITY,
        253 => f64::NAN,
        n => {
            let text = r.take(n as usize)?;
            parse_score(text).ok_or_else(|| err(at, "invalid sorted set score"))?
        }
    })
}

/// A score as `strtod` reads it, NaN included (the caller rejects it).
fn parse_score(s: &[u8]) -> Option<f64> {
    parse_f64(s).or_else(|| s.eq_ignore_ascii_case(b"nan").then_some(f64::NAN))
}

fn zadd(z: &mut ZSet, m: &[u8], score: f64, at: usize) -> Result<(), RdbError> {
    if score.is_nan() {
        return Err(err(at, "sorted set score is NaN"));
    }
    if z.insert(m, score).is_some() {
        return Err(err(at, "duplicate sorted set member"));
    }
    Ok(())
}

fn hash_from<'e>(
    pairs: impl Iterator<Item = (Elem<'e>, Elem<'e>)>,
    at: usize,
    limits: Limits,
) -> Result<Value, RdbError> {
    let mut h = types::Hash::default();
    for (f, v) in pairs {
        if !h.set(
            &f.to_str(),
            &v.to_str(),
            limits.hash_entries,
            limits.hash_value,
        ) {
            return Err(err(at, "duplicate hash field"));
        }
    }
    Ok(Value::Hash(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_of(dbs: &[Db]) -> Vec<u8> {
        let mut out = Vec::new();
        write(dbs, &mut out).unwrap();
        out
    }

    #[test]
    fn lengths_round_trip_at_every_width() {
        for n in [
            0u64,
            63,
            64,
            16383,
            16384,
            u32::MAX as u64,
            u32::MAX as u64 + 1,
            u64::MAX,
        ] {
            let mut out = Vec::new();
            let mut sink = Sink {
                out: &mut out,
                buf: Vec::new(),
                crc: 0,
            };
            sink.len(n);
            sink.flush().unwrap();
            let mut r = Reader { buf: &out, pos: 0 };
            assert_eq!(r.len().unwrap(), n);
            assert_eq!(r.remaining(), 0);
        }
    }

    #[test]
    fn strings_use_int_and_lzf_encodings() {
        let cases: Vec<(&[u8], usize)> = vec![
            (b"0", 2),
            (b"-128", 2),
            (b"127", 2),
            (b"128", 3),
            (b"-32768", 3),
            (b"32768", 5),
            (b"-2147483648", 5),
            (b"2147483648", 11),
            (b"007", 4),
            (b"-0", 3),
            (b"", 1),
        ];
        for (s, size) in cases {
            let mut out = Vec::new();
            let mut w = Writer {
                compress: true,
                sink: Sink {
                    out: &mut out,
                    buf: Vec::new(),
                    crc: 0,
                },
                lzf: lzf::Compressor::new(),
                lp: listpack::Builder::new(),
            };
            w.string(s).unwrap();
            w.sink.flush().unwrap();
            assert_eq!(out.len(), size, "{:?}", String::from_utf8_lossy(s));
            let mut r = Reader { buf: &out, pos: 0 };
            assert_eq!(&*r.string().unwrap(), s);
        }
        let long = vec![b'a'; 200];
        let mut out = Vec::new();
        let mut w = Writer {
            compress: true,
            sink: Sink {
                out: &mut out,
                buf: Vec::new(),
                crc: 0,
            },
            lzf: lzf::Compressor::new(),
            lp: listpack::Builder::new(),
        };
        w.string(&long).unwrap();
        w.sink.flush().unwrap();
        assert_eq!(out[0], 0xC3);
        assert!(out.len() < 20);
        assert_eq!(&*Reader { buf: &out, pos: 0 }.string().unwrap(), &long[..]);
    }

    #[test]
    fn empty_file_round_trips() {
        let dbs: Vec<Db> = (0..3).map(|_| Db::default()).collect();
        let bytes = bytes_of(&dbs);
        assert!(bytes.starts_with(b"REDIS0010"));
        let back = load(&bytes, 3, 0).unwrap();
        assert!(back.iter().all(|d| d.is_empty()));
    }

    #[test]
    fn double2ll_matches_redis() {
        assert_eq!(double2ll(3.0), Some(3));
        assert_eq!(double2ll(-0.0), Some(0));
        assert_eq!(double2ll(1.5), None);
        assert_eq!(double2ll(f64::INFINITY), None);
        assert_eq!(double2ll(f64::NAN), None);
        assert_eq!(double2ll(1e300), None);
    }
}
