//! Random collection commands sent to ferrokv and to a real redis-server side by side: the replies
//! must be equal. Small collections are where this matters most: Redis's listpacks and intsets fix
//! the order replies list elements in (insertion order, numeric order) and how SCAN returns them,
//! and ferrokv must convert to a hashtable exactly when Redis does. Only where Redis's own order
//! is unspecified (a hashtable) are replies compared as sorted lists. The limits are lowered so
//! that conversions happen often. Skipped when redis-server is not installed (CI installs it).
//! `FERROKV_DIFF_SEED` and `FERROKV_DIFF_STEPS` explore further. A second test runs ranks, ranges,
//! removals and pops on sorted sets of tens of thousands of members, where ferrokv uses its B+tree.
//! A third runs the bit commands (SETBIT ... BITFIELD) and LCS on small strings, errors included;
//! a fourth HyperLogLogs, whose bytes (GET) must be Redis's too.

mod common;

use common::{Client, RedisRef, Server};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum R {
    Status(Vec<u8>),
    Error(Vec<u8>),
    Int(i64),
    Bulk(Option<Vec<u8>>),
    Array(Option<Vec<R>>),
}

fn parse(buf: &[u8]) -> (R, usize) {
    let line_end = buf.windows(2).position(|w| w == b"\r\n").expect("a line");
    let line = &buf[1..line_end];
    let text = std::str::from_utf8(line).expect("ASCII header");
    let rest = line_end + 2;
    match buf[0] {
        b'+' => (R::Status(line.to_vec()), rest),
        b'-' => (R::Error(line.to_vec()), rest),
        b':' => (R::Int(text.parse().expect("integer")), rest),
        b'$' => match text.parse::<i64>().expect("length") {
            n if n < 0 => (R::Bulk(None), rest),
            n => {
                let n = n as usize;
                (R::Bulk(Some(buf[rest..rest + n].to_vec())), rest + n + 2)
            }
        },
        b'*' => match text.parse::<i64>().expect("count") {
            n if n < 0 => (R::Array(None), rest),
            n => {
                let mut at = rest;
                let mut items = Vec::new();
                for _ in 0..n {
                    let (item, used) = parse(&buf[at..]);
                    items.push(item);
                    at += used;
                }
                (R::Array(Some(items)), at)
            }
        },
        other => panic!("unexpected reply type {:?}", other as char),
    }
}

/// `FERROKV_DIFF_SEED` / `FERROKV_DIFF_STEPS`, or the default.
fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn call(c: &mut Client, args: &[String]) -> R {
    let args: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    parse(&c.cmd(&args)).0
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.below(options.len() as u64) as usize]
    }
}

/// A hash field or value, a set member, a list element: short integers (intset material), small
/// strings, integers of every intset width, and strings past the lowered length limits.
fn element(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=3 => format!("{}", rng.below(60) as i64 - 20),
        4 | 5 => format!("m{}", rng.below(12)),
        6 => format!("{}", rng.below(140_000) as i64 - 70_000),
        7 => format!("{}", (1i64 << 40) + rng.below(4) as i64),
        8 => "x".repeat(rng.below(14) as usize),
        _ => format!("longer-element-{}", rng.below(3)),
    }
}

fn command(rng: &mut Rng) -> Vec<String> {
    let h = rng.pick(&["h1", "h2"]);
    let s = rng.pick(&["s1", "s2", "s3"]);
    let s2 = rng.pick(&["s1", "s2", "s3", "nokey"]);
    let z = rng.pick(&["z1", "z2"]);
    let l = rng.pick(&["l1", "l2"]);
    let e = element(rng);
    let e2 = element(rng);
    let n = format!("{}", rng.below(8));
    let score = format!("{}", rng.below(20) as i64 - 5);
    let words: Vec<&str> = match rng.below(44) {
        0 => vec!["hset", h, &e, &e2],
        1 => vec!["hset", h, &e, &e2, &n, &score],
        2 => vec!["hdel", h, &e],
        3 => vec!["hgetall", h],
        4 => vec!["hkeys", h],
        5 => vec!["hvals", h],
        6 => vec!["hscan", h, "0"],
        7 => vec!["hincrby", h, &n, &score],
        8 => vec!["hsetnx", h, &e, &e2],
        9 => vec!["hmget", h, &e, &n],
        10 => vec!["hstrlen", h, &e],
        11 => vec!["sadd", s, &e],
        12 => vec!["sadd", s, &e, &e2, &n],
        13 => vec!["srem", s, &e, &n],
        14 => vec!["smembers", s],
        15 => vec!["sscan", s, "0"],
        16 => vec!["sinter", s, s2],
        17 => vec!["sunion", s, s2],
        18 => vec!["sdiff", s, s2],
        19 => vec!["sinterstore", "s3", s, s2],
        20 => vec!["sunionstore", "s3", s, s2],
        21 => vec!["sdiffstore", "s3", s, s2],
        22 => vec!["smove", s, s2, &e],
        23 => vec!["sismember", s, &e],
        24 => vec!["smismember", s, &e, &n],
        25 => vec!["sintercard", "2", s, s2],
        26 => vec!["sort", s],
        27 => vec!["copy", s, "s3", "replace"],
        28 => vec!["zadd", z, &score, &e],
        29 => vec!["zadd", z, "incr", &score, &n],
        30 => vec!["zrem", z, &e, &n],
        31 => vec!["zrange", z, "0", "-1", "withscores"],
        32 => vec!["zscan", z, "0"],
        33 => vec!["zrangebyscore", z, "-inf", &score, "withscores"],
        34 => vec!["zunionstore", "z2", "2", z, s],
        35 => vec!["zinter", "2", z, s, "withscores"],
        36 => vec!["rpush", l, &e, &e2],
        37 => vec!["lpush", l, &e],
        38 => vec!["lrange", l, "0", "-1"],
        39 => vec!["lrem", l, "0", &e],
        40 => vec!["linsert", l, "before", &e, &e2],
        41 => vec!["lpop", l, &n],
        42 => vec!["ltrim", l, "1", "-2"],
        _ => vec![
            "object",
            "encoding",
            rng.pick(&["h1", "h2", "s1", "s2", "s3", "z1", "z2"]),
        ],
    };
    words.into_iter().map(String::from).collect()
}

/// Sorts what Redis lists in an unspecified order: the elements of a hashtable (pairs of an
/// HGETALL kept together), and SCAN of one, whose cursors and batches differ (only the command's
/// success is compared then).
fn normalize(args: &[String], encoding: &R, reply: R) -> R {
    let hashtable = *encoding == R::Bulk(Some(b"hashtable".to_vec()));
    let skiplist = *encoding == R::Bulk(Some(b"skiplist".to_vec()));
    let cmd = args[0].as_str();
    let result_unordered = matches!(cmd, "sinter" | "sunion" | "sdiff" | "sort" | "smembers");
    let R::Array(Some(mut items)) = reply else {
        return reply;
    };
    let is_int = |r: &R| match r {
        R::Bulk(Some(b)) => std::str::from_utf8(b).is_ok_and(|t| t.parse::<i64>().is_ok()),
        _ => false,
    };
    // A set result is a hashtable (unspecified order) unless it could be an intset.
    let fresh_hashtable = result_unordered && (items.len() > 16 || !items.iter().all(is_int));
    if matches!(cmd, "hscan" | "sscan" | "zscan") && (hashtable || skiplist) {
        return R::Status(b"scanned a hashtable".to_vec());
    }
    if hashtable || fresh_hashtable {
        match cmd {
            "hgetall" => {
                let mut pairs: Vec<Vec<R>> = items.chunks(2).map(|p| p.to_vec()).collect();
                pairs.sort();
                items = pairs.concat();
            }
            "hmget" | "smismember" => {}
            _ => items.sort(),
        }
    }
    R::Array(Some(items))
}

#[test]
fn collection_commands_match_redis() {
    let Some(redis) = RedisRef::start(&[]) else {
        return;
    };
    let seed = env_num("FERROKV_DIFF_SEED", 7);
    let steps = env_num("FERROKV_DIFF_STEPS", 20_000) as usize;
    let server = Server::start(&[]);
    let mut ours = server.client();
    let mut theirs = Client::connect(redis.port);
    for c in [&mut ours, &mut theirs] {
        for (name, value) in [
            ("hash-max-listpack-entries", "16"),
            ("hash-max-listpack-value", "8"),
            ("set-max-intset-entries", "16"),
            ("zset-max-listpack-entries", "16"),
            ("zset-max-listpack-value", "8"),
            ("list-max-listpack-size", "4"),
        ] {
            assert_eq!(c.cmd_str(&["CONFIG", "SET", name, value]), "+OK\r\n");
        }
    }
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for step in 0..steps {
        let args = command(&mut rng);
        let key = match args[0].as_str() {
            "object" => &args[2],
            "sintercard" | "zinter" => &args[2],
            _ => &args[1],
        };
        let encoding = call(
            &mut theirs,
            &["object".into(), "encoding".into(), key.clone()],
        );
        let want = normalize(&args, &encoding, call(&mut theirs, &args));
        let got = normalize(&args, &encoding, call(&mut ours, &args));
        assert_eq!(got, want, "step {step} (seed {seed}): {args:?}");
    }
}

/// A member of a big sorted set: mostly short, sometimes past the 24 bytes held inline.
fn big_member(rng: &mut Rng, space: u64) -> String {
    let n = rng.below(space);
    if n.is_multiple_of(17) {
        format!("a-member-name-longer-than-inline-{n:06}")
    } else {
        format!("mem:{n:06}")
    }
}

/// A score from a narrow range (many ties, decided by the member), now and then fractional or
/// infinite.
fn big_score(rng: &mut Rng) -> String {
    match rng.below(20) {
        0 => "+inf".into(),
        1 => "-inf".into(),
        2 | 3 => format!("{}.5", rng.below(400) as i64 - 100),
        _ => format!("{}", rng.below(400) as i64 - 100),
    }
}

/// A score range bound, sometimes exclusive or infinite.
fn bound(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => "-inf".into(),
        1 => "+inf".into(),
        2 | 3 => format!("({}", rng.below(400) as i64 - 100),
        _ => format!("{}", rng.below(400) as i64 - 100),
    }
}

/// A lex range bound over `mem:NNNNNN` members.
fn lex_bound(rng: &mut Rng) -> String {
    match rng.below(8) {
        0 => "-".into(),
        1 => "+".into(),
        2 | 3 => format!("(mem:{:04}", rng.below(6000)),
        _ => format!("[mem:{:05}", rng.below(60000)),
    }
}

fn big_zset_command(rng: &mut Rng) -> Vec<String> {
    let m = big_member(rng, 25_000);
    let m2 = big_member(rng, 25_000);
    let score = big_score(rng);
    let (a, b) = (bound(rng), bound(rng));
    let start = format!("{}", rng.below(24_000) as i64 - 2_000);
    let stop = format!(
        "{}",
        start.parse::<i64>().unwrap_or(0) + rng.below(30) as i64
    );
    let (off, count) = (format!("{}", rng.below(50)), format!("{}", rng.below(20)));
    let (la, lb) = (lex_bound(rng), lex_bound(rng));
    let lm = format!("mem:{:06}", rng.below(8_000));
    let small = format!("{}", 1 + rng.below(3));
    let words: Vec<&str> = match rng.below(22) {
        0..=3 => vec!["zadd", "bz", &score, &m],
        4 => vec!["zadd", "bz", "incr", &score, &m],
        5 => vec!["zadd", "bz", "gt", "ch", &score, &m, &score, &m2],
        6 | 7 => vec!["zrem", "bz", &m, &m2],
        8 => vec!["zrank", "bz", &m],
        9 => vec!["zrevrank", "bz", &m],
        10 => vec!["zscore", "bz", &m],
        11 => vec!["zrange", "bz", &start, &stop, "withscores"],
        12 => vec!["zrevrange", "bz", &start, &stop],
        13 => vec![
            "zrangebyscore",
            "bz",
            &a,
            &b,
            "withscores",
            "limit",
            &off,
            &count,
        ],
        14 => vec!["zrevrangebyscore", "bz", &b, &a, "limit", &off, &count],
        15 => vec!["zcount", "bz", &a, &b],
        16 => vec!["zremrangebyrank", "bz", &start, &start],
        17 => vec![rng.pick(&["zpopmin", "zpopmax"]), "bz", &small],
        18 => vec!["zadd", "bl", "0", &lm],
        19 => vec!["zrangebylex", "bl", &la, &lb, "limit", &off, &count],
        20 => vec!["zlexcount", "bl", &la, &lb],
        _ => vec!["zremrangebylex", "bl", &la, &la],
    };
    words.into_iter().map(String::from).collect()
}

/// Big sorted sets (tens of thousands of members, so ferrokv's B+tree is several levels deep)
/// against Redis's skiplist: ranks, ranges, removals and pops must come out identical, ties and
/// infinities included.
#[test]
fn big_sorted_sets_match_redis() {
    let Some(redis) = RedisRef::start(&[]) else {
        return;
    };
    let steps = env_num("FERROKV_DIFF_STEPS", 20_000) as usize / 5;
    let server = Server::start(&[]);
    let mut ours = server.client();
    let mut theirs = Client::connect(redis.port);
    let mut rng = Rng(0x5DEE_CE66_D1CE_5EED);
    for chunk in 0..40 {
        let mut add = vec!["zadd".to_string(), "bz".to_string()];
        let mut lex = vec!["zadd".to_string(), "bl".to_string()];
        for _ in 0..500 {
            add.push(big_score(&mut rng));
            add.push(big_member(&mut rng, 25_000));
            lex.push("0".into());
            lex.push(format!("mem:{:06}", rng.below(8_000)));
        }
        for args in [&add, &lex] {
            let want = call(&mut theirs, args);
            assert_eq!(call(&mut ours, args), want, "loading, chunk {chunk}");
        }
    }
    for step in 0..steps {
        let args = big_zset_command(&mut rng);
        let want = call(&mut theirs, &args);
        let got = call(&mut ours, &args);
        assert_eq!(got, want, "step {step}: {args:?}");
    }
    let card = ["zcard".to_string(), "bz".to_string()];
    assert_eq!(call(&mut ours, &card), call(&mut theirs, &card));
    let all = ["zrange", "bz", "0", "-1", "withscores"].map(String::from);
    assert_eq!(call(&mut ours, &all), call(&mut theirs, &all));
}

/// One of the bit commands or LCS, with arguments from the edges Redis's code distinguishes:
/// negative and out-of-range offsets, `#n` offsets, every field width, values that overflow.
fn bit_command(rng: &mut Rng) -> Vec<String> {
    let key = rng.pick(&["a", "b", "c", "l"]).to_string();
    let num = |rng: &mut Rng| {
        rng.pick(&[
            "0",
            "1",
            "2",
            "3",
            "7",
            "8",
            "9",
            "15",
            "16",
            "17",
            "31",
            "63",
            "64",
            "65",
            "100",
            "-1",
            "-2",
            "-3",
            "-8",
            "-9",
            "-17",
            "#0",
            "#1",
            "#3",
            "x",
            "1099511627776",
        ])
        .to_string()
    };
    let ty = |rng: &mut Rng| {
        rng.pick(&[
            "i1", "i2", "i5", "i8", "i16", "i32", "i63", "i64", "u1", "u4", "u8", "u16", "u63",
            "u64", "i0", "x8",
        ])
        .to_string()
    };
    let val = |rng: &mut Rng| {
        rng.pick(&[
            "0",
            "1",
            "-1",
            "5",
            "100",
            "127",
            "128",
            "255",
            "256",
            "-128",
            "-129",
            "2147483648",
            "9223372036854775807",
            "-9223372036854775808",
            "-5000",
            "abc",
        ])
        .to_string()
    };
    let mut args: Vec<String> = Vec::new();
    match rng.below(10) {
        0 => {
            args.extend(["setbit".into(), key, num(rng)]);
            args.push(rng.pick(&["0", "1", "1", "2", "x"]).into());
        }
        1 => args.extend(["getbit".into(), key, num(rng)]),
        2 => {
            args.extend(["bitcount".into(), key]);
            match rng.below(4) {
                0 => {}
                1 => args.extend([num(rng), num(rng)]),
                2 => args.extend([num(rng), num(rng), rng.pick(&["BIT", "byte", "x"]).into()]),
                _ => args.push(num(rng)),
            }
        }
        3 => {
            args.extend(["bitpos".into(), key, rng.pick(&["0", "1", "2"]).into()]);
            for _ in 0..rng.below(3) {
                args.push(num(rng));
            }
            if args.len() == 5 && rng.below(2) == 0 {
                args.push(rng.pick(&["BIT", "BYTE", "x"]).into());
            }
        }
        4 => {
            args.push("bitop".into());
            args.push(rng.pick(&["AND", "or", "XOR", "NOT", "nand"]).into());
            args.push(rng.pick(&["a", "b", "d", "l"]).into());
            for _ in 0..1 + rng.below(3) {
                args.push(rng.pick(&["a", "b", "c", "l", "none"]).into());
            }
        }
        5 | 6 => {
            args.push(rng.pick(&["bitfield", "bitfield", "bitfield_ro"]).into());
            args.push(key);
            for _ in 0..1 + rng.below(3) {
                match rng.below(5) {
                    0 => args.extend(["GET".into(), ty(rng), num(rng)]),
                    1 => args.extend(["set".into(), ty(rng), num(rng), val(rng)]),
                    2 => args.extend(["INCRBY".into(), ty(rng), num(rng), val(rng)]),
                    3 => args.extend([
                        "OVERFLOW".into(),
                        rng.pick(&["WRAP", "sat", "FAIL", "x"]).into(),
                    ]),
                    _ => args.push(rng.pick(&["GET", "INCRBY", "FOO"]).into()),
                }
            }
        }
        7 => {
            let text = rng.pick(&["foobar", "\u{ff}\u{f0}", "", "12345", "abcxab", "xbcaxx"]);
            args.extend(["set".into(), key, text.into()]);
        }
        8 => {
            args.extend(["lcs".into(), key, rng.pick(&["a", "b", "none"]).into()]);
            let opts: &[&str] = match rng.below(7) {
                0 => &[],
                1 => &["LEN"],
                2 => &["IDX"],
                3 => &["IDX", "WITHMATCHLEN"],
                4 => &["IDX", "MINMATCHLEN", "2", "WITHMATCHLEN"],
                5 => &["LEN", "IDX"],
                _ => &["MINMATCHLEN"],
            };
            args.extend(opts.iter().map(|s| s.to_string()));
        }
        _ => args.extend(["lpush".into(), "l".into(), "x".into()]),
    }
    args
}

/// The bit commands and LCS against redis-server, reply for reply.
#[test]
fn bit_commands_match_redis() {
    let Some(redis) = RedisRef::start(&[]) else {
        return;
    };
    let steps = env_num("FERROKV_DIFF_STEPS", 20_000) as usize;
    let server = Server::start(&[]);
    let mut ours = server.client();
    let mut theirs = Client::connect(redis.port);
    let mut rng = Rng(0xB17B_17B1_7B17_B17B ^ env_num("FERROKV_DIFF_SEED", 0));
    for step in 0..steps {
        let args = bit_command(&mut rng);
        let want = call(&mut theirs, &args);
        let got = call(&mut ours, &args);
        assert_eq!(got, want, "step {step}: {args:?}");
    }
}

/// PFADD, PFCOUNT and PFMERGE against redis-server: counts, and the values' bytes (sparse and
/// dense), must be the same.
#[test]
fn hyperloglogs_match_redis() {
    let Some(redis) = RedisRef::start(&[]) else {
        return;
    };
    let server = Server::start(&[]);
    let mut ours = server.client();
    let mut theirs = Client::connect(redis.port);
    let mut rng = Rng(0x4811_0C4B_1E55_5EED ^ env_num("FERROKV_DIFF_SEED", 0));
    let mut check = |args: Vec<String>| {
        let want = call(&mut theirs, &args);
        assert_eq!(call(&mut ours, &args), want, "{args:?}");
    };
    for n in [1usize, 10, 100, 1000, 5000, 30_000] {
        let key = format!("h{n}");
        for start in (0..n).step_by(500) {
            let mut args = vec!["pfadd".to_string(), key.clone()];
            args.extend((start..n.min(start + 500)).map(|j| format!("el-{j}")));
            check(args);
        }
        check(vec!["pfcount".into(), key.clone()]);
        check(vec!["get".into(), key.clone()]);
    }
    check(["pfmerge", "m", "h10", "h5000"].map(String::from).to_vec());
    check(["get", "m"].map(String::from).to_vec());
    let steps = env_num("FERROKV_DIFF_STEPS", 20_000) as usize / 10;
    for _ in 0..steps {
        let key = rng.pick(&["r1", "r2", "r3"]).to_string();
        let args: Vec<String> = match rng.below(4) {
            0 => {
                let mut a = vec!["pfadd".to_string(), key];
                for _ in 0..rng.below(40) {
                    a.push(format!("x{}", rng.below(100_000)));
                }
                a
            }
            1 => {
                let mut a = vec!["pfcount".to_string()];
                for _ in 0..1 + rng.below(3) {
                    a.push(rng.pick(&["r1", "r2", "r3", "none"]).into());
                }
                a
            }
            2 => {
                let mut a = vec!["pfmerge".to_string(), key];
                for _ in 0..rng.below(3) {
                    a.push(rng.pick(&["r1", "r2", "r3", "none"]).into());
                }
                a
            }
            _ => vec!["get".to_string(), key],
        };
        check(args);
    }
}
