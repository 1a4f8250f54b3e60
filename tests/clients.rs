//! An application's session through the real `redis` crate, in RESP2 and in RESP3 (negotiated
//! by the crate with HELLO 3 from `?protocol=resp3`): typed commands, pipelines, and server
//! errors surfaced as errors.

mod common;

use common::Server;
use redis::{Commands, ErrorKind, ServerErrorKind, Value};

fn connect(srv: &Server, resp3: bool) -> redis::Connection {
    let url = if resp3 {
        format!("redis://127.0.0.1:{}/?protocol=resp3", srv.port)
    } else {
        format!("redis://127.0.0.1:{}/", srv.port)
    };
    redis::Client::open(url)
        .unwrap()
        .get_connection()
        .expect("connect with the redis crate")
}

fn session(resp3: bool) {
    let srv = Server::start(&[]);
    let mut con = connect(&srv, resp3);

    // The protocol the crate asked for is the one in use.
    let info: String = redis::cmd("CLIENT").arg("INFO").query(&mut con).unwrap();
    let resp = if resp3 { " resp=3" } else { " resp=2" };
    assert!(info.contains(resp), "{info}");
    let hello: Value = redis::cmd("HELLO").query(&mut con).unwrap();
    assert_eq!(matches!(hello, Value::Map(_)), resp3, "{hello:?}");

    // Strings.
    let () = con.set("user:1:name", "Ada Lovelace").unwrap();
    let name: String = con.get("user:1:name").unwrap();
    assert_eq!(name, "Ada Lovelace");
    let missing: Option<String> = con.get("user:2:name").unwrap();
    assert_eq!(missing, None);
    let bytes: Vec<u8> = (0..=255).collect();
    let () = con.set("blob", &bytes[..]).unwrap();
    let back: Vec<u8> = con.get("blob").unwrap();
    assert_eq!(back, bytes);
    let () = con.mset(&[("a", "1"), ("b", "2")]).unwrap();
    let many: Vec<Option<String>> = con.mget(&["a", "nope", "b"]).unwrap();
    assert_eq!(many, vec![Some("1".into()), None, Some("2".into())]);
    let len: usize = con.append("a", "23").unwrap();
    assert_eq!(len, 3);

    // Counters.
    let n: i64 = con.incr("visits", 1).unwrap();
    assert_eq!(n, 1);
    let n: i64 = con.incr("visits", 41).unwrap();
    assert_eq!(n, 42);
    let n: i64 = con.decr("visits", 2).unwrap();
    assert_eq!(n, 40);
    let f: f64 = con.incr("ratio", 0.5).unwrap();
    assert_eq!(f, 0.5);

    // Expiry.
    let set: bool = con.expire("user:1:name", 100).unwrap();
    assert!(set);
    let ttl: i64 = con.ttl("user:1:name").unwrap();
    assert!((99..=100).contains(&ttl), "{ttl}");
    let ttl: i64 = con.ttl("a").unwrap();
    assert_eq!(ttl, -1);
    let ttl: i64 = con.ttl("nope").unwrap();
    assert_eq!(ttl, -2);
    let () = con.set_ex("session", "token", 60).unwrap();
    let pttl: i64 = con.pttl("session").unwrap();
    assert!(pttl > 59_000 && pttl <= 60_000, "{pttl}");
    let set: bool = con.expire("nope", 10).unwrap();
    assert!(!set);

    // Existence and deletion.
    let exists: bool = con.exists("a").unwrap();
    assert!(exists);
    let count: usize = con.exists(&["a", "b", "nope"]).unwrap();
    assert_eq!(count, 2);
    let deleted: usize = con.del(&["a", "b", "nope"]).unwrap();
    assert_eq!(deleted, 2);
    let exists: bool = con.exists("a").unwrap();
    assert!(!exists);

    // A pipeline, with typed results in order.
    let (v, n, m, gone): (String, i64, Vec<Option<i64>>, Option<String>) = redis::pipe()
        .set("p1", "x")
        .ignore()
        .get("p1")
        .incr("pc", 5)
        .mget(&["pc", "nope"])
        .get_del("p1")
        .query(&mut con)
        .unwrap();
    assert_eq!(
        (v.as_str(), n, m, gone),
        ("x", 5, vec![Some(5), None], Some("x".into()))
    );
    let many: Vec<i64> = (0..500)
        .fold(&mut redis::pipe(), |p, _| p.incr("bulk", 1))
        .query(&mut con)
        .unwrap();
    assert_eq!(many, (1..=500).collect::<Vec<i64>>());

    // Errors come back as errors, with the server's code and text, and the connection lives on.
    let () = con.set("text", "not a number").unwrap();
    let err = con.incr::<_, _, i64>("text", 1).unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Server(ServerErrorKind::ResponseError)
    );
    assert_eq!(err.code(), Some("ERR"));
    assert_eq!(
        err.detail(),
        Some("value is not an integer or out of range")
    );
    let err = redis::cmd("NOSUCHCMD")
        .arg("x")
        .query::<()>(&mut con)
        .unwrap_err();
    assert_eq!(err.code(), Some("ERR"));
    assert!(
        err.detail()
            .unwrap()
            .starts_with("unknown command 'NOSUCHCMD'"),
        "{err}"
    );
    let err = redis::cmd("GET").query::<()>(&mut con).unwrap_err();
    assert_eq!(
        err.detail(),
        Some("wrong number of arguments for 'get' command")
    );
    let err = con.rename::<_, _, ()>("nope", "x").unwrap_err();
    assert_eq!(err.detail(), Some("no such key"));
    let err = redis::pipe()
        .set("p2", "1")
        .incr("text", 1)
        .get("p2")
        .query::<(String, i64, String)>(&mut con)
        .unwrap_err();
    assert_eq!(err.code(), Some("ERR"));
    let results: Vec<redis::RedisResult<String>> = redis::pipe()
        .get("p2")
        .incr("text", 1)
        .cmd("ECHO")
        .arg("after")
        .ignore_errors()
        .query(&mut con)
        .unwrap();
    assert_eq!(results[0].as_deref().ok(), Some("1"));
    assert!(results[1].is_err());
    assert_eq!(results[2].as_deref().ok(), Some("after"));
    let pong: String = redis::cmd("PING").query(&mut con).unwrap();
    assert_eq!(pong, "PONG");

    // Databases and a second connection see the same data.
    let () = redis::cmd("SELECT").arg(1).query(&mut con).unwrap();
    let none: Option<String> = con.get("p2").unwrap();
    assert_eq!(none, None);
    let mut other = connect(&srv, resp3);
    let v: String = other.get("p2").unwrap();
    assert_eq!(v, "1");
}

#[test]
fn redis_crate_session_resp2() {
    session(false);
}

#[test]
fn redis_crate_session_resp3() {
    session(true);
}

#[test]
fn redis_crate_authenticates_with_requirepass() {
    let srv = Server::start(&["--requirepass", "s3cret"]);
    let client = redis::Client::open(format!("redis://127.0.0.1:{}/", srv.port)).unwrap();
    let mut con = client.get_connection().unwrap();
    let err = con.get::<_, Option<String>>("k").unwrap_err();
    assert_eq!(err.code(), Some("NOAUTH"));
    for resp3 in ["", "?protocol=resp3"] {
        let url = format!("redis://:s3cret@127.0.0.1:{}/{resp3}", srv.port);
        let mut con = redis::Client::open(url).unwrap().get_connection().unwrap();
        let () = con.set("k", "v").unwrap();
        let v: String = con.get("k").unwrap();
        assert_eq!(v, "v");
    }
    let url = format!("redis://:wrong@127.0.0.1:{}/", srv.port);
    assert!(redis::Client::open(url).unwrap().get_connection().is_err());
}
