//! The RDB module against Redis itself: files redis-server 7.0 saved (and older files from
//! Redis's test assets) load with exactly the contents Redis sees in them; what ferrokv writes
//! loads back identically, in ferrokv and in redis-server; corrupt input is an error, never a
//! panic.
//!
//! Contents are compared through one textual description (`describe`), the format of the
//! fixtures' `.txt` files (see scripts/rdb_fixtures.py), so a mismatch shows as a line diff.
mod common;

use ferrokv::commands::object::encoding;
use ferrokv::db::types::{Hash, List, Set};
use ferrokv::db::zset::ZSet;
use ferrokv::db::{Db, Str, Value};
use ferrokv::persist::{crc64, rdb};
use ferrokv::proto::num::fmt_double;
use ferrokv::util::Rng;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rdb");
const REDIS_SERVER: &str = "/usr/bin/redis-server";
const DATABASES: usize = 16;
/// Fixture expiry times lie in 2100 and 2200; loading "now" keeps them all.
const NOW: i64 = 1_700_000_000_000;

fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(1 + 2 * b.len());
    s.push('x');
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    s
}

/// One key's description lines, in the fixtures' format (without comments).
fn describe_value(db: usize, key: &[u8], v: &Value, pexp: Option<i64>, out: &mut Vec<String>) {
    let enc = encoding(v);
    let pexp = pexp.unwrap_or(-1);
    out.push(format!(
        "key {db} {} {pexp} {enc} {}",
        v.type_name(),
        hex(key)
    ));
    match v {
        Value::Str(s) => out.push(format!("str {}", hex(s))),
        Value::List(l) => out.extend(l.iter().map(|e| format!("item {}", hex(e)))),
        Value::Hash(h) => {
            let mut pairs: Vec<(&[u8], &[u8])> = h.iter().collect();
            pairs.sort();
            out.extend(
                pairs
                    .into_iter()
                    .map(|(f, v)| format!("field {} {}", hex(f), hex(v))),
            );
        }
        Value::Set(s) => {
            let mut m: Vec<Vec<u8>> = s.iter().map(|m| m.to_vec()).collect();
            m.sort();
            out.extend(m.into_iter().map(|m| format!("member {}", hex(&m))));
        }
        Value::ZSet(z) => out.extend(
            z.iter()
                .map(|(m, s)| format!("zmember {} {}", hex(m), fmt_double(s))),
        ),
    }
}

fn describe(dbs: &[Db]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, db) in dbs.iter().enumerate() {
        let mut keys: Vec<_> = db.iter().collect();
        keys.sort_by(|a, b| a.0.cmp(b.0));
        for (k, v, pexp) in keys {
            describe_value(i, k, v, pexp, &mut out);
        }
    }
    out
}

/// The fixture description, comments and blank lines dropped.
fn expected(txt: &Path) -> Vec<String> {
    std::fs::read_to_string(txt)
        .unwrap_or_else(|e| panic!("{}: {e}", txt.display()))
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Asserts two descriptions are equal, showing the first difference with context.
fn assert_same(what: &str, got: &[String], want: &[String]) {
    if got == want {
        return;
    }
    let i = got
        .iter()
        .zip(want)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(want.len()));
    let ctx = |v: &[String]| v[i.saturating_sub(3)..(i + 3).min(v.len())].join("\n  ");
    panic!(
        "{what}: descriptions differ at line {i} ({} vs {} lines)\n got:\n  {}\n want:\n  {}",
        got.len(),
        want.len(),
        ctx(got),
        ctx(want)
    );
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(FIXTURES).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The error of a load that must fail.
fn fails(r: Result<Vec<Db>, rdb::RdbError>) -> rdb::RdbError {
    match r {
        Ok(dbs) => panic!("loaded {} keys", dbs.iter().map(Db::len).sum::<usize>()),
        Err(e) => e,
    }
}

fn write_rdb(dbs: &[Db]) -> Vec<u8> {
    let mut out = Vec::new();
    rdb::write(dbs, &mut out).unwrap();
    out
}

fn s(x: impl AsRef<[u8]>) -> Str {
    Str::from_slice(x.as_ref())
}

/// A bare RDB file around `body`, with a valid checksum when the version has one.
fn craft(version: u32, body: &[u8]) -> Vec<u8> {
    let mut f = format!("REDIS{version:04}").into_bytes();
    f.extend_from_slice(body);
    f.push(0xFF);
    if version >= 5 {
        let crc = crc64::crc64(&f);
        f.extend_from_slice(&crc.to_le_bytes());
    }
    f
}

/// An RDB string: 6-bit length and bytes (short strings only).
fn rstr(b: &[u8]) -> Vec<u8> {
    assert!(b.len() < 64);
    let mut v = vec![b.len() as u8];
    v.extend_from_slice(b);
    v
}

// ---------------------------------------------------------------------------------------------
// Redis's files

#[test]
fn fixtures_load_with_the_contents_redis_sees() {
    let cases = [
        ("all-types.rdb", "all-types.txt"),
        ("all-types-uncompressed-nochecksum.rdb", "all-types.txt"),
        ("all-types-compressed-nodes.rdb", "all-types.txt"),
        ("encodings.rdb", "encodings.txt"),
        ("hash-zipmap.rdb", "hash-zipmap.txt"),
        ("hash-ziplist.rdb", "hash-ziplist.txt"),
        ("list-quicklist.rdb", "list-quicklist.txt"),
        ("zset-ziplist.rdb", "zset-ziplist.txt"),
        ("scriptbackup.rdb", "scriptbackup.txt"),
        ("corrupt_empty_keys.rdb", "corrupt_empty_keys.txt"),
    ];
    for (file, txt) in cases {
        let dbs =
            rdb::load(&fixture(file), DATABASES, NOW).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(dbs.len(), DATABASES);
        let want = expected(&Path::new(FIXTURES).join(txt));
        assert_same(file, &describe(&dbs), &want);
        // And what ferrokv writes from it loads back the same.
        let again = rdb::load(&write_rdb(&dbs), DATABASES, NOW).unwrap();
        assert_same(&format!("{file} rewritten"), &describe(&again), &want);
    }
}

#[test]
fn fixture_contents_match_redis_tcl_tests() {
    // tests/integration/rdb.tcl, convert-*.tcl: spot checks independent of the .txt files.
    let dbs = rdb::load(&fixture("encodings.rdb"), DATABASES, NOW).unwrap();
    let db = &dbs[0];
    assert_eq!(db.get(b"number"), Some(&Value::Str(s("10"))));
    assert_eq!(
        db.get(b"compressible").map(|v| v.type_name()),
        Some("string")
    );
    match db.get(b"zset") {
        Some(Value::ZSet(z)) => {
            assert_eq!(z.score(b"bbbb"), Some(5_000_000_000.0));
            assert_eq!(z.score(b"cccc"), Some(123_456_789.0));
            assert_eq!(z.len(), 12);
        }
        other => panic!("zset: {other:?}"),
    }
    let dbs = rdb::load(&fixture("zset-ziplist.rdb"), DATABASES, NOW).unwrap();
    match dbs[0].get(b"zset") {
        Some(Value::ZSet(z)) => {
            assert_eq!(z.encoding(), "listpack");
            assert_eq!(
                z.iter().collect::<Vec<_>>(),
                vec![(&b"one"[..], 1.0), (&b"two"[..], 2.0)]
            );
        }
        other => panic!("zset: {other:?}"),
    }
    for file in ["hash-zipmap.rdb", "hash-ziplist.rdb"] {
        let dbs = rdb::load(&fixture(file), DATABASES, NOW).unwrap();
        let h = dbs[0].get(b"hash").and_then(Value::as_hash).unwrap();
        assert_eq!(h.get(b"f1"), Some(&b"v1"[..]), "{file}");
        assert_eq!(h.get(b"f2"), Some(&b"v2"[..]), "{file}");
    }
    let dbs = rdb::load(&fixture("list-quicklist.rdb"), DATABASES, NOW).unwrap();
    assert_eq!(dbs[0].get(b"x"), Some(&Value::Str(s("7"))));
    let dbs = rdb::load(&fixture("corrupt_empty_keys.rdb"), DATABASES, NOW).unwrap();
    assert!(dbs[0].is_empty(), "empty keys are skipped, as Redis does");
}

#[test]
fn redis_refuses_corrupt_ziplist_and_so_do_we() {
    let e = fails(rdb::load(&fixture("corrupt_ziplist.rdb"), DATABASES, NOW));
    assert!(e.msg.contains("ziplist"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Round trips

/// A varied data set: every type in each encoding Redis would choose, integers of every width,
/// binary and empty strings, values big enough to be written in pieces, TTLs, three databases.
fn sample(rng: &mut Rng) -> Vec<Db> {
    let mut dbs: Vec<Db> = (0..DATABASES).map(|_| Db::default()).collect();
    let db = &mut dbs[0];
    let put = |db: &mut Db, k: &str, v: Value| db.insert_new(k.as_bytes(), v);
    for (i, v) in [
        "",
        "hello",
        "0",
        "-1",
        "127",
        "128",
        "-128",
        "-129",
        "32767",
        "32768",
        "-32769",
        "2147483647",
        "2147483648",
        "-2147483648",
        "-2147483649",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "007",
        "-0",
        "+1",
        " 1",
        "1.5",
        "12345678901",
    ]
    .iter()
    .enumerate()
    {
        put(db, &format!("str:{i}"), Value::Str(s(v)));
    }
    put(db, "str:binary", Value::Str((0..=255u8).collect()));
    put(db, "str:21a", Value::Str(s("a".repeat(21))));
    put(db, "str:lzf", Value::Str(s("abc".repeat(1000))));
    let noise: Str = (0..300).map(|_| rng.below(256) as u8).collect();
    put(db, "str:noise", Value::Str(noise));
    // Bigger than the writer's buffer: written straight through, compressed and not.
    let big_noise: Str = (0..200_000).map(|_| rng.below(256) as u8).collect();
    put(db, "str:bignoise", Value::Str(big_noise));
    put(
        db,
        "str:bigtext",
        Value::Str(s("lorem ipsum ".repeat(30_000))),
    );
    db.insert_new(b"\x00\xffbinary key\r\n", Value::Str(s("v")));

    let list = |items: Vec<Str>| Value::List(Box::new(items.into_iter().collect::<List>()));
    put(
        db,
        "list:small",
        list(
            ["a", "1", "-1", "300", "70000", "6000000000", "", "01"]
                .map(s)
                .to_vec(),
        ),
    );
    put(
        db,
        "list:big",
        list(
            (0..5000)
                .map(|i| s(format!("e{i}{}", "y".repeat(i % 70))))
                .collect(),
        ),
    );
    put(
        db,
        "list:sizes",
        list(
            [0, 1, 63, 64, 4095, 4096, 8192, 20000]
                .map(|n| s("q".repeat(n)))
                .to_vec(),
        ),
    );
    put(
        db,
        "list:ints",
        list(
            [
                0,
                127,
                128,
                -1,
                -4096,
                4095,
                -4097,
                4096,
                32767,
                -32768,
                32768,
                8388607,
                -8388608,
                8388608,
                2147483647,
                -2147483648,
                2147483648,
                i64::MAX,
                i64::MIN,
            ]
            .map(|v: i64| s(v.to_string()))
            .to_vec(),
        ),
    );

    let hash = |pairs: Vec<(Str, Str)>| {
        let mut h = Hash::default();
        for (f, v) in pairs {
            h.set(&f, &v, 512, 64);
        }
        Value::Hash(h)
    };
    put(
        db,
        "hash:small",
        hash(vec![
            (s("a"), s("1")),
            (s(""), s("")),
            (s("-5"), s("6000000000")),
            (s("f"), s("x".repeat(64))),
        ]),
    );
    put(db, "hash:longval", hash(vec![(s("a"), s("x".repeat(65)))]));
    put(
        db,
        "hash:longfield",
        hash(vec![(s("y".repeat(65)), s("1"))]),
    );
    put(
        db,
        "hash:512",
        hash(
            (0..512)
                .map(|i| (s(format!("f{i}")), s(format!("{i}"))))
                .collect(),
        ),
    );
    put(
        db,
        "hash:513",
        hash(
            (0..513)
                .map(|i| (s(format!("f{i}")), s(format!("{i}"))))
                .collect(),
        ),
    );

    let set = |m: Vec<Str>| {
        let mut s = Set::default();
        for x in m {
            s.add(&x, 512);
        }
        Value::Set(s)
    };
    put(
        db,
        "set:int16",
        set(["1", "-5", "32767", "-32768"].map(s).to_vec()),
    );
    put(
        db,
        "set:int32",
        set(["1", "100000", "-2147483648"].map(s).to_vec()),
    );
    put(
        db,
        "set:int64",
        set(["1", "5000000000", "-9223372036854775808"].map(s).to_vec()),
    );
    put(
        db,
        "set:512",
        set((0..512).map(|i| s((i * 7 - 1000).to_string())).collect()),
    );
    put(
        db,
        "set:513",
        set((0..513).map(|i| s(i.to_string())).collect()),
    );
    put(db, "set:strs", set(["a", "b", "", "1"].map(s).to_vec()));
    put(
        db,
        "set:noncanonical",
        set(["01", "1", "-0"].map(s).to_vec()),
    );

    let zset = |members: Vec<(Str, f64)>| {
        let mut z = ZSet::new();
        for (m, sc) in members {
            z.insert(&m, sc);
        }
        Value::ZSet(z)
    };
    let specials = vec![
        (s("inf"), f64::INFINITY),
        (s("ninf"), f64::NEG_INFINITY),
        (s("negzero"), -0.0),
        (s("zero"), 0.0),
        (s("tiny"), 1e-300),
        (s("tenth"), 0.1),
        (s("third"), 1.0 / 3.0),
        (s("huge"), 1.5e300),
        (s("bigint"), 123456789012.0),
        (s("2^53"), 9007199254740992.0),
        (s("neg"), -2.5),
        (s(""), 7.0),
    ];
    put(db, "zset:small", zset(specials.clone()));
    // Members added once the set is a skiplist keep a -0 score (a listpack stores it as 0).
    let mut big: Vec<(Str, f64)> = (0..300)
        .map(|i| (s(format!("m{i}")), i as f64 / 7.0 - 20.0))
        .collect();
    big.extend(specials.clone());
    put(db, "zset:big", zset(big));
    put(
        db,
        "zset:longmember",
        zset(vec![(s("M".repeat(65)), 1.0), (s("a"), -0.0)]),
    );
    put(
        db,
        "zset:128",
        zset((0..128).map(|i| (s(format!("{i}")), i as f64)).collect()),
    );

    // TTLs on every type.
    for (k, v) in [
        ("ttl:str", Value::Str(s("v"))),
        ("ttl:list", list(vec![s("a")])),
        ("ttl:hash", hash(vec![(s("f"), s("v"))])),
        ("ttl:set", set(vec![s("1")])),
        ("ttl:zset", zset(vec![(s("m"), 1.0)])),
    ] {
        put(db, k, v);
        db.set_expire(k.as_bytes(), 4_102_444_800_000 + k.len() as i64);
    }

    dbs[1].insert_new(b"db1", Value::Str(s("in db 1")));
    dbs[1].insert_new(b"db1:ttl", Value::Str(s("x")));
    dbs[1].set_expire(b"db1:ttl", 7_258_118_400_000);
    dbs[15].insert_new(b"db15", list(vec![s("last")]));
    dbs
}

#[test]
fn every_type_round_trips() {
    let mut rng = Rng::new();
    let dbs = sample(&mut rng);
    let bytes = write_rdb(&dbs);
    assert!(bytes.starts_with(b"REDIS0010"));
    let back = rdb::load(&bytes, DATABASES, NOW).unwrap();
    assert_same("round trip", &describe(&back), &describe(&dbs));
    for (a, b) in dbs.iter().zip(&back) {
        assert_eq!(a.len(), b.len());
        assert_eq!(a.expires_len(), b.expires_len());
    }
    // Small sets stay listpacks; -0 survives only in a skiplist-encoded set, as in Redis.
    let zs = |dbs: &[Db], k: &[u8]| match dbs[0].get(k) {
        Some(Value::ZSet(z)) => z.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(zs(&back, b"zset:small").encoding(), "listpack");
    assert_eq!(zs(&back, b"zset:128").encoding(), "listpack");
    assert_eq!(zs(&back, b"zset:big").encoding(), "skiplist");
    assert!(
        zs(&back, b"zset:big")
            .score(b"negzero")
            .unwrap()
            .is_sign_negative()
    );
    assert_eq!(zs(&back, b"zset:longmember").encoding(), "skiplist");
    // Writing what was loaded gives the same bytes, aux fields (time, memory) aside.
    let again = write_rdb(&back);
    let body = |b: &[u8]| {
        let aux_end = b"aof-base\xc0\x00";
        let start = b.windows(aux_end.len()).position(|w| w == aux_end).unwrap();
        b[start..b.len() - 8].to_vec()
    };
    assert!(body(&again) == body(&bytes));
}

#[test]
fn expired_keys_are_skipped_on_load() {
    let mut dbs: Vec<Db> = (0..2).map(|_| Db::default()).collect();
    for (k, at) in [("past", 1000), ("now", 2000), ("future", 3000)] {
        dbs[1].insert_new(k.as_bytes(), Value::Str(s(k)));
        dbs[1].set_expire(k.as_bytes(), at);
    }
    dbs[1].insert_new(b"forever", Value::Str(s("x")));
    let bytes = write_rdb(&dbs);
    let back = rdb::load(&bytes, 2, 2000).unwrap();
    let mut keys: Vec<_> = back[1].keys(0).cloned().collect();
    keys.sort();
    assert_eq!(keys, vec![s("forever"), s("future")]);
    assert_eq!(back[1].expire_at(b"future"), Some(3000));
    assert_eq!(back[1].expires_len(), 1);
    assert_eq!(rdb::load(&bytes, 2, 0).unwrap()[1].len(), 4);
}

#[test]
fn database_count_is_enforced() {
    let e = fails(rdb::load(&fixture("all-types.rdb"), 2, NOW));
    assert!(e.msg.contains("database 15"), "{e}");
    let dbs = rdb::load(&fixture("list-quicklist.rdb"), 1, NOW).unwrap();
    assert_eq!(dbs.len(), 1);
    let e = fails(rdb::load(&fixture("list-quicklist.rdb"), 0, NOW));
    assert!(e.msg.contains("database 0"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Hand-made files: old opcodes, text scores, what we cannot load

#[test]
fn versions_and_old_opcodes() {
    for v in 1..=10 {
        assert!(rdb::load(&craft(v, b""), 1, NOW).is_ok(), "version {v}");
    }
    for v in [0, 11, 12] {
        assert!(rdb::load(&craft(v, b""), 1, NOW).is_err(), "version {v}");
    }
    assert!(rdb::load(b"REDIX0010\xff", 1, NOW).is_err());
    assert!(rdb::load(b"REDIS00a1\xff", 1, NOW).is_err());
    // EXPIRETIME in seconds, IDLE and FREQ hints, AUX fields, RESIZEDB, SELECTDB.
    let mut body = vec![0xFA];
    body.extend(rstr(b"some-aux"));
    body.extend(rstr(b"value"));
    body.extend([0xFE, 1, 0xFB, 2, 1]);
    body.push(0xFD);
    body.extend(4_000_000_000u32.to_le_bytes()); // as an i32 this is negative: long expired
    body.push(0);
    body.extend(rstr(b"old"));
    body.extend(rstr(b"v"));
    body.push(0xFD);
    body.extend(2_000_000_000i32.to_le_bytes());
    body.extend([0xF8, 0x05, 0xF9, 0x07, 0]);
    body.extend(rstr(b"secs"));
    body.extend(rstr(b"v"));
    body.extend([0xFC]);
    body.extend(5_000_000_000_000i64.to_le_bytes());
    body.push(0);
    body.extend(rstr(b"ms"));
    body.extend([0xC0, 0xFB]); // INT8 -5
    let dbs = rdb::load(&craft(6, &body), 2, NOW).unwrap();
    assert!(dbs[0].is_empty());
    assert_eq!(dbs[1].len(), 2);
    assert_eq!(dbs[1].expire_at(b"secs"), Some(2_000_000_000_000));
    assert_eq!(dbs[1].get(b"ms"), Some(&Value::Str(s("-5"))));
    assert_eq!(dbs[1].expire_at(b"ms"), Some(5_000_000_000_000));
}

#[test]
fn text_scores_of_rdb_type_zset() {
    let mut body = vec![3];
    body.extend(rstr(b"z"));
    body.push(5);
    for (m, score) in [
        (&b"a"[..], &[254u8][..]),
        (b"b", &[255]),
        (b"c", b"\x031.5"),
        (b"d", b"\x03inf"),
        (b"e", b"\x04-inf"),
    ] {
        body.extend(rstr(m));
        body.extend_from_slice(score);
    }
    let dbs = rdb::load(&craft(3, &body), 1, NOW).unwrap();
    let Some(Value::ZSet(z)) = dbs[0].get(b"z") else {
        panic!("no zset")
    };
    let got: Vec<(Vec<u8>, f64)> = z.iter().map(|(m, s)| (m.to_vec(), s)).collect();
    assert_eq!(
        got,
        vec![
            (b"b".to_vec(), f64::NEG_INFINITY),
            (b"e".to_vec(), f64::NEG_INFINITY),
            (b"c".to_vec(), 1.5),
            (b"a".to_vec(), f64::INFINITY),
            (b"d".to_vec(), f64::INFINITY),
        ]
    );
    for nan in [&[253u8][..], b"\x03nan"] {
        let mut body = vec![3];
        body.extend(rstr(b"z"));
        body.push(1);
        body.extend(rstr(b"a"));
        body.extend_from_slice(nan);
        let e = fails(rdb::load(&craft(3, &body), 1, NOW));
        assert!(e.msg.contains("NaN"), "{e}");
    }
}

#[test]
fn unsupported_content_is_a_clear_error() {
    let mut stream = vec![15];
    stream.extend(rstr(b"s"));
    stream.extend([1, 2, 3]);
    let mut module = vec![7];
    module.extend(rstr(b"m"));
    let cases: [(&[u8], &str, usize); 7] = [
        (&stream, "stream", 9),
        (&[19, 1, b's'], "stream", 9),
        (&module, "module", 9),
        (&[0xF7, 1, 2, 3], "module data not supported", 9),
        (&[0xF5, 1, b'x'], "function", 9),
        (&[0xF6, 1, b'x'], "function", 9),
        (&[0x08, 1, b'k', 1, b'v'], "unknown value type", 9),
    ];
    for (body, word, offset) in cases {
        let e = fails(rdb::load(&craft(10, body), 1, NOW));
        assert!(e.msg.contains(word), "{e}");
        assert_eq!(e.offset, offset, "{e}");
        assert!(
            e.to_string().ends_with(&format!(" at offset {offset}")),
            "{e}"
        );
    }
    // Duplicates Redis would refuse.
    let mut dup = vec![0];
    dup.extend(rstr(b"k"));
    dup.extend(rstr(b"v"));
    dup.push(0);
    dup.extend(rstr(b"k"));
    dup.extend(rstr(b"w"));
    let e = fails(rdb::load(&craft(10, &dup), 1, NOW));
    assert!(e.msg.contains("duplicate key"), "{e}");
    let mut dup = vec![2];
    dup.extend(rstr(b"set"));
    dup.push(2);
    dup.extend(rstr(b"m"));
    dup.extend(rstr(b"m"));
    let e = fails(rdb::load(&craft(10, &dup), 1, NOW));
    assert!(
        e.msg.contains("duplicate set member") && e.msg.contains("'set'"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// Corruption

/// A small file with every type and encoding in it (the fuzzing targets).
fn small_sample() -> Vec<Db> {
    let mut rng = Rng::new();
    let mut dbs = sample(&mut rng);
    for db in dbs.iter_mut() {
        for k in [
            &b"str:bignoise"[..],
            b"str:bigtext",
            b"list:big",
            b"hash:512",
            b"hash:513",
            b"set:512",
            b"set:513",
            b"list:sizes",
        ] {
            db.remove(k);
        }
    }
    dbs
}

#[test]
fn a_flipped_byte_is_caught() {
    let bytes = write_rdb(&small_sample());
    // Inside a string value: only the checksum can tell.
    let at = bytes.windows(5).position(|w| w == b"hello").unwrap();
    let mut bad = bytes.clone();
    bad[at] ^= 0x20;
    let e = fails(rdb::load(&bad, DATABASES, NOW));
    assert!(e.msg.contains("checksum"), "{e}");
    assert_eq!(e.offset, bytes.len() - 8, "{e}");
    // Anywhere at all: always an error, never a panic.
    for i in 0..bytes.len() {
        let mut bad = bytes.clone();
        bad[i] ^= 1 << (i % 8);
        assert!(
            rdb::load(&bad, DATABASES, NOW).is_err(),
            "flipping bit {} of byte {i} went unnoticed",
            i % 8
        );
    }
}

#[test]
fn a_truncated_file_is_always_an_error() {
    let bytes = write_rdb(&small_sample());
    for cut in 0..bytes.len() {
        let e = fails(rdb::load(&bytes[..cut], DATABASES, NOW));
        assert!(e.offset <= cut, "{e} (cut at {cut})");
    }
    for name in [
        "all-types.rdb",
        "encodings.rdb",
        "hash-zipmap.rdb",
        "list-quicklist.rdb",
    ] {
        let f = fixture(name);
        let step = (f.len() / 3000).max(1);
        for cut in (0..f.len()).step_by(step) {
            assert!(
                rdb::load(&f[..cut], DATABASES, NOW).is_err(),
                "{name} cut at {cut}"
            );
        }
    }
}

/// Mutations with the checksum zeroed ("not computed"), so the parser itself meets the damage.
#[test]
fn garbage_never_panics() {
    let mut rng = Rng::new();
    let mut seeds = vec![write_rdb(&small_sample())];
    for name in [
        "encodings.rdb",
        "hash-zipmap.rdb",
        "list-quicklist.rdb",
        "zset-ziplist.rdb",
    ] {
        seeds.push(fixture(name));
    }
    let start = Instant::now();
    let mut runs = 0;
    for round in 0..6000 {
        let seed = &seeds[round % seeds.len()];
        let mut f = seed.clone();
        match rng.below(4) {
            0 => {
                for _ in 0..1 + rng.below(4) {
                    let i = 9 + rng.below(f.len() - 9);
                    f[i] = rng.below(256) as u8;
                }
            }
            1 => {
                let i = 9 + rng.below(f.len() - 9);
                let n = rng.below(20).min(f.len() - i);
                f.drain(i..i + n);
            }
            2 => {
                let i = 9 + rng.below(f.len() - 9);
                for _ in 0..rng.below(20) {
                    f.insert(i, rng.below(256) as u8);
                }
            }
            _ => {
                f.truncate(9);
                for _ in 0..rng.below(200) {
                    f.push(rng.below(256) as u8);
                }
            }
        }
        let version: u32 = std::str::from_utf8(&f[5..9])
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if version >= 5 && f.len() > 17 {
            let n = f.len();
            f[n - 8..].fill(0);
        }
        let _ = rdb::load(&f, DATABASES, NOW);
        runs += 1;
    }
    assert!(start.elapsed() < Duration::from_secs(60), "{runs} runs");
}

#[test]
fn declared_lengths_beyond_the_file_are_errors() {
    // A list claiming 2^32 elements, a string claiming 4 GB, an LZF string claiming 1 TB.
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            [
                &[1u8][..],
                &rstr(b"l"),
                &[0x80, 0xFF, 0xFF, 0xFF, 0xFF],
                &rstr(b"a"),
            ]
            .concat(),
            "",
        ),
        (
            [
                &[0u8][..],
                &rstr(b"s"),
                &[0x80, 0xFF, 0xFF, 0xFF, 0xFF, b'a'],
            ]
            .concat(),
            "past the end",
        ),
        (
            [
                &[0u8][..],
                &rstr(b"s"),
                &[0xC3, 0x02, 0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, b'a'],
            ]
            .concat(),
            "LZF",
        ),
        (
            [
                &[2u8][..],
                &rstr(b"s"),
                &[0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            ]
            .concat(),
            "",
        ),
        (
            [
                &[
                    0xFB, 0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0,
                ][..],
                &[0x42],
            ]
            .concat(),
            "unknown value type or opcode 0x42",
        ),
    ];
    for (body, word) in cases {
        let e = fails(rdb::load(&craft(10, &body), 1, NOW));
        assert!(e.msg.contains(word), "{e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Interop with redis-server

/// A reply, parsed as much as these tests need.
#[derive(Debug)]
enum Reply {
    Int(i64),
    Bulk(Vec<u8>),
    Array(Vec<Reply>),
    Other(String),
}

fn parse(b: &[u8]) -> (Reply, usize) {
    let end = b.windows(2).position(|w| w == b"\r\n").unwrap();
    let head = std::str::from_utf8(&b[1..end]).unwrap();
    let after = end + 2;
    match b[0] {
        b':' => (Reply::Int(head.parse().unwrap()), after),
        b'$' => {
            let n: usize = head.parse().unwrap();
            (Reply::Bulk(b[after..after + n].to_vec()), after + n + 2)
        }
        b'*' => {
            let n: usize = head.parse().unwrap();
            let mut pos = after;
            let mut items = Vec::new();
            for _ in 0..n {
                let (r, used) = parse(&b[pos..]);
                items.push(r);
                pos += used;
            }
            (Reply::Array(items), pos)
        }
        _ => (Reply::Other(head.to_string()), after),
    }
}

fn call(c: &mut common::Client, args: &[&[u8]]) -> Reply {
    parse(&c.cmd_bytes(args)).0
}

fn bulks(r: Reply) -> Vec<Vec<u8>> {
    match r {
        Reply::Array(v) => v
            .into_iter()
            .map(|x| match x {
                Reply::Bulk(b) => b,
                other => panic!("not a bulk: {other:?}"),
            })
            .collect(),
        other => panic!("not an array: {other:?}"),
    }
}

/// What a server holds, in `describe`'s format, read with commands.
fn describe_server(c: &mut common::Client) -> Vec<String> {
    let mut out = Vec::new();
    for db in 0..DATABASES {
        call(c, &[b"SELECT", db.to_string().as_bytes()]);
        let mut keys = bulks(call(c, &[b"KEYS", b"*"]));
        keys.sort();
        for k in keys {
            let kind = match call(c, &[b"TYPE", &k]) {
                Reply::Other(t) => t,
                other => panic!("{other:?}"),
            };
            let Reply::Int(pexp) = call(c, &[b"PEXPIRETIME", &k]) else {
                panic!("PEXPIRETIME")
            };
            let Reply::Bulk(enc) = call(c, &[b"OBJECT", b"ENCODING", &k]) else {
                panic!("OBJECT ENCODING")
            };
            let enc = String::from_utf8(enc).unwrap();
            out.push(format!("key {db} {kind} {pexp} {enc} {}", hex(&k)));
            match kind.as_str() {
                "string" => {
                    let Reply::Bulk(v) = call(c, &[b"GET", &k]) else {
                        panic!("GET")
                    };
                    out.push(format!("str {}", hex(&v)));
                }
                "list" => out.extend(
                    bulks(call(c, &[b"LRANGE", &k, b"0", b"-1"]))
                        .iter()
                        .map(|e| format!("item {}", hex(e))),
                ),
                "hash" => {
                    let flat = bulks(call(c, &[b"HGETALL", &k]));
                    let mut pairs: Vec<(&Vec<u8>, &Vec<u8>)> =
                        flat.chunks(2).map(|p| (&p[0], &p[1])).collect();
                    pairs.sort();
                    out.extend(
                        pairs
                            .into_iter()
                            .map(|(f, v)| format!("field {} {}", hex(f), hex(v))),
                    );
                }
                "set" => {
                    let mut m = bulks(call(c, &[b"SMEMBERS", &k]));
                    m.sort();
                    out.extend(m.iter().map(|m| format!("member {}", hex(m))));
                }
                "zset" => {
                    let flat = bulks(call(c, &[b"ZRANGE", &k, b"0", b"-1", b"WITHSCORES"]));
                    out.extend(flat.chunks(2).map(|p| {
                        format!("zmember {} {}", hex(&p[0]), String::from_utf8_lossy(&p[1]))
                    }));
                }
                other => panic!("type {other}"),
            }
        }
    }
    out
}

/// A private redis-server serving `dir/dump.rdb`; killed when dropped.
struct Redis {
    child: std::process::Child,
    port: u16,
    log: PathBuf,
}

impl Redis {
    fn start(dir: &Path) -> Redis {
        let port = common::free_port();
        let log = dir.join("redis.log");
        let child = Command::new(REDIS_SERVER)
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
            ])
            .args([
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dbfilename",
                "dump.rdb",
            ])
            .args(["--sanitize-dump-payload", "yes", "--logfile"])
            .arg(&log)
            .arg("--dir")
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn redis-server");
        let mut redis = Redis { child, port, log };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = redis.child.try_wait() {
                panic!(
                    "redis-server exited ({status}) loading our file:\n{}",
                    std::fs::read_to_string(&redis.log).unwrap_or_default()
                );
            }
            if let Ok(s) = std::net::TcpStream::connect(("127.0.0.1", redis.port)) {
                let mut c = common::Client::from_stream(s);
                if c.cmd(&["PING"]) == b"+PONG\r\n" {
                    return redis;
                }
            }
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn redis_server_loads_what_we_write() {
    if !Path::new(REDIS_SERVER).exists() {
        eprintln!("skipping: {REDIS_SERVER} not installed");
        return;
    }
    let dir = std::env::temp_dir().join(format!("ferrokv-rdb-interop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Rng::new();
    let dbs = sample(&mut rng);
    let want = describe(&dbs);
    let file = dir.join("dump.rdb");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        rdb::write(&dbs, &mut out).unwrap();
        std::io::Write::flush(&mut out).unwrap();
    }
    let written = std::fs::read(&file).unwrap();
    {
        let redis = Redis::start(&dir);
        let mut c = common::Client::connect(redis.port);
        assert_same(
            "redis-server's view of our file",
            &describe_server(&mut c),
            &want,
        );
        let log = std::fs::read_to_string(&redis.log).unwrap_or_default();
        assert!(!log.contains("skipping empty key"), "{log}");
        // And Redis's own snapshot of that data loads back the same in ferrokv.
        call(&mut c, &[b"SAVE"]);
        let theirs = std::fs::read(&file).unwrap();
        assert_ne!(theirs, written);
        let back = rdb::load(&theirs, DATABASES, NOW).unwrap();
        assert_same("our view of redis-server's file", &describe(&back), &want);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
