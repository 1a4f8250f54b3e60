//! The session in `tests/py/redis_py_session.py` through redis-py (RESP2 and RESP3), when
//! Python and its `redis` package are installed; skipped with a message otherwise.

mod common;

use common::Server;
use std::process::Command;

#[test]
fn redis_py_session() {
    let have = Command::new("python3")
        .args(["-c", "import redis"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        eprintln!("python3 with the redis package not found: redis-py session skipped");
        return;
    }
    let srv = Server::start(&[]);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/py/redis_py_session.py");
    let out = Command::new("python3")
        .args(["-W", "error::DeprecationWarning", script])
        .arg(srv.port.to_string())
        .output()
        .expect("run python3");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    eprintln!("{text}");
    assert!(out.status.success(), "redis-py session failed:\n{text}");
}
