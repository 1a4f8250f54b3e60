//! Blocking list commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) with several clients: who is
//! served, in what order, with what reply, when timeouts fire, and what happens to clients that
//! leave or are unblocked. Every expected reply is what redis-server 7.0.15 sends in the same
//! situation (`FERROKV_TEST_SERVER=/usr/bin/redis-server cargo test --test blocking`).

mod common;

mod blocking_support;

use blocking_support::{assert_no_reply, block, blocked_clients, reply, wait_blocked};
use common::{Client, Server, expect_all};
use std::time::{Duration, Instant};

#[test]
fn waiters_are_served_in_the_order_they_blocked() {
    let s = Server::start(&[]);
    let mut pusher = s.client();
    let mut waiters: Vec<Client> = (0..3).map(|_| s.client()).collect();
    for (i, w) in waiters.iter_mut().enumerate() {
        block(w, &["BLPOP", "q", "0"], &mut pusher, i + 1);
    }
    // Two elements serve the first two waiters, in order; the pusher gets its own reply.
    assert_eq!(pusher.cmd_str(&["RPUSH", "q", "a", "b"]), ":2\r\n");
    assert_eq!(reply(&mut waiters[0]), "*2\r\n$1\r\nq\r\n$1\r\na\r\n");
    assert_eq!(reply(&mut waiters[1]), "*2\r\n$1\r\nq\r\n$1\r\nb\r\n");
    assert_no_reply(&mut waiters[2], 50);
    assert_eq!(pusher.cmd_str(&["EXISTS", "q"]), ":0\r\n");
    assert_eq!(blocked_clients(&mut pusher), 1);
    assert_eq!(pusher.cmd_str(&["LPUSH", "q", "c"]), ":1\r\n");
    assert_eq!(reply(&mut waiters[2]), "*2\r\n$1\r\nq\r\n$1\r\nc\r\n");
    assert_eq!(blocked_clients(&mut pusher), 0);

    // A client waiting on several keys gets the first that receives data, and keeps its place
    // in the queue of each.
    let [w0, w1, w2] = &mut waiters[..] else {
        unreachable!()
    };
    block(w0, &["BRPOP", "k1", "k2", "0"], &mut pusher, 1);
    block(w1, &["BLPOP", "k2", "0"], &mut pusher, 2);
    block(w2, &["BLPOP", "k2", "k1", "0"], &mut pusher, 3);
    assert_eq!(pusher.cmd_str(&["RPUSH", "k2", "x", "y"]), ":2\r\n");
    assert_eq!(reply(w0), "*2\r\n$2\r\nk2\r\n$1\r\ny\r\n");
    assert_eq!(reply(w1), "*2\r\n$2\r\nk2\r\n$1\r\nx\r\n");
    assert_eq!(pusher.cmd_str(&["RPUSH", "k1", "z"]), ":1\r\n");
    assert_eq!(reply(w2), "*2\r\n$2\r\nk1\r\n$1\r\nz\r\n");
    assert_eq!(pusher.cmd_str(&["DBSIZE"]), ":0\r\n");
}

#[test]
fn a_push_serves_waiters_after_the_pushing_command() {
    let s = Server::start(&[]);
    let mut pusher = s.client();
    let mut w = s.client();
    // LPUSH a b c makes [c b a]: BLPOP gets c, BRPOP gets a.
    block(&mut w, &["BLPOP", "q", "0"], &mut pusher, 1);
    assert_eq!(pusher.cmd_str(&["LPUSH", "q", "a", "b", "c"]), ":3\r\n");
    assert_eq!(reply(&mut w), "*2\r\n$1\r\nq\r\n$1\r\nc\r\n");
    block(&mut w, &["BRPOP", "q2", "0"], &mut pusher, 1);
    assert_eq!(pusher.cmd_str(&["LPUSH", "q2", "a", "b", "c"]), ":3\r\n");
    assert_eq!(reply(&mut w), "*2\r\n$2\r\nq2\r\n$1\r\na\r\n");
    assert_eq!(
        pusher.cmd_str(&["LRANGE", "q", "0", "-1"]),
        "*2\r\n$1\r\nb\r\n$1\r\na\r\n"
    );

    // A transaction that pushes and pops again leaves nothing: the waiter stays blocked.
    assert_eq!(pusher.cmd_str(&["DEL", "q", "q2"]), ":2\r\n");
    block(&mut w, &["BLPOP", "q", "0"], &mut pusher, 1);
    expect_all(
        &mut pusher,
        &[
            (&["MULTI"], "+OK\r\n"),
            (&["RPUSH", "q", "a"], "+QUEUED\r\n"),
            (&["LPOP", "q"], "+QUEUED\r\n"),
            (&["EXEC"], "*2\r\n:1\r\n$1\r\na\r\n"),
        ],
    );
    assert_no_reply(&mut w, 50);
    // A transaction that pushes two serves the waiter after EXEC with the first element.
    expect_all(
        &mut pusher,
        &[
            (&["MULTI"], "+OK\r\n"),
            (&["RPUSH", "q", "a"], "+QUEUED\r\n"),
            (&["RPUSH", "q", "b"], "+QUEUED\r\n"),
            (&["LLEN", "q"], "+QUEUED\r\n"),
            (&["EXEC"], "*3\r\n:1\r\n:2\r\n:2\r\n"),
        ],
    );
    assert_eq!(reply(&mut w), "*2\r\n$1\r\nq\r\n$1\r\na\r\n");
    assert_eq!(
        pusher.cmd_str(&["LRANGE", "q", "0", "-1"]),
        "*1\r\n$1\r\nb\r\n"
    );

    // Pipelined commands: the waiter is served right after the push, before the next command.
    assert_eq!(pusher.cmd_str(&["DEL", "q"]), ":1\r\n");
    block(&mut w, &["BLPOP", "q", "0"], &mut pusher, 1);
    let mut batch = Client::encode(&[b"RPUSH", b"q", b"a"]);
    batch.extend(Client::encode(&[b"LPOP", b"q"]));
    pusher.send(&batch);
    assert_eq!(reply(&mut pusher), ":1\r\n");
    assert_eq!(reply(&mut pusher), "$-1\r\n");
    assert_eq!(reply(&mut w), "*2\r\n$1\r\nq\r\n$1\r\na\r\n");

    // The waiter's own pipelined commands run once it is served.
    let mut batch = Client::encode(&[b"BLPOP", b"q", b"0"]);
    batch.extend(Client::encode(&[b"LLEN", b"q"]));
    w.send(&batch);
    wait_blocked(&mut pusher, 1);
    assert_eq!(pusher.cmd_str(&["RPUSH", "q", "a", "b"]), ":2\r\n");
    assert_eq!(reply(&mut w), "*2\r\n$1\r\nq\r\n$1\r\na\r\n");
    assert_eq!(reply(&mut w), ":1\r\n");
}

#[test]
fn a_push_of_n_elements_serves_up_to_n_waiters() {
    let s = Server::start(&[]);
    let mut pusher = s.client();
    let mut waiters: Vec<Client> = (0..4).map(|_| s.client()).collect();
    for (i, w) in waiters.iter_mut().enumerate() {
        block(w, &["BRPOP", "q", "0"], &mut pusher, i + 1);
    }
    assert_eq!(pusher.cmd_str(&["RPUSH", "q", "1", "2", "3"]), ":3\r\n");
    assert_eq!(reply(&mut waiters[0]), "*2\r\n$1\r\nq\r\n$1\r\n3\r\n");
    assert_eq!(reply(&mut waiters[1]), "*2\r\n$1\r\nq\r\n$1\r\n2\r\n");
    assert_eq!(reply(&mut waiters[2]), "*2\r\n$1\r\nq\r\n$1\r\n1\r\n");
    assert_no_reply(&mut waiters[3], 50);
    assert_eq!(blocked_clients(&mut pusher), 1);

    // BLMPOP takes up to COUNT elements at once: the next waiter gets what is left.
    let [w0, w1, w2, _] = &mut waiters[..] else {
        unreachable!()
    };
    block(
        w0,
        &["BLMPOP", "0", "2", "m1", "m2", "LEFT", "COUNT", "2"],
        &mut pusher,
        2,
    );
    block(
        w1,
        &["BLMPOP", "0", "1", "m2", "RIGHT", "COUNT", "5"],
        &mut pusher,
        3,
    );
    block(w2, &["BLMPOP", "0", "1", "m2", "LEFT"], &mut pusher, 4);
    assert_eq!(pusher.cmd_str(&["RPUSH", "m2", "a", "b", "c"]), ":3\r\n");
    assert_eq!(reply(w0), "*2\r\n$2\r\nm2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    assert_eq!(reply(w1), "*2\r\n$2\r\nm2\r\n*1\r\n$1\r\nc\r\n");
    assert_no_reply(w2, 50);
    assert_eq!(pusher.cmd_str(&["RPUSH", "m2", "d"]), ":1\r\n");
    assert_eq!(reply(w2), "*2\r\n$2\r\nm2\r\n*1\r\n$1\r\nd\r\n");
    assert_eq!(pusher.cmd_str(&["RPUSH", "q", "last"]), ":1\r\n");
    assert_eq!(reply(&mut waiters[3]), "*2\r\n$1\r\nq\r\n$4\r\nlast\r\n");
}

#[test]
fn timeouts_fire_with_null_replies() {
    let s = Server::start(&[]);
    let mut c = s.client();
    let mut obs = s.client();
    // Every blocking list command times out with a null array in RESP2 (BLMOVE included).
    for cmd in [
        &["BLPOP", "q", "0.2"][..],
        &["BRPOP", "q", "q2", "0.2"],
        &["BLMOVE", "q", "d", "LEFT", "RIGHT", "0.2"],
        &["BRPOPLPUSH", "q", "d", "0.2"],
        &["BLMPOP", "0.2", "1", "q", "LEFT", "COUNT", "3"],
    ] {
        let start = Instant::now();
        assert_eq!(c.cmd_str(cmd), "*-1\r\n", "{cmd:?}");
        let took = start.elapsed();
        assert!(
            took >= Duration::from_millis(190) && took < Duration::from_secs(2),
            "{cmd:?} took {took:?}"
        );
    }
    assert_eq!(blocked_clients(&mut obs), 0);
    assert_eq!(c.cmd_str(&["EXISTS", "d"]), ":0\r\n");
    // Fractions of a millisecond round up.
    assert_eq!(c.cmd_str(&["BLPOP", "q", "0.0001"]), "*-1\r\n");

    // RESP3: the null `_`.
    assert!(c.cmd_str(&["HELLO", "3"]).starts_with("%7\r\n"));
    assert_eq!(c.cmd_str(&["BLPOP", "q", "0.05"]), "_\r\n");
    assert_eq!(
        c.cmd_str(&["BLMOVE", "q", "d", "LEFT", "RIGHT", "0.05"]),
        "_\r\n"
    );
    assert_eq!(c.cmd_str(&["BLMPOP", "0.05", "1", "q", "LEFT"]), "_\r\n");

    // 0 waits for ever: still blocked after a while, then served.
    block(&mut c, &["BLPOP", "q", "0"], &mut obs, 1);
    assert_no_reply(&mut c, 300);
    assert_eq!(obs.cmd_str(&["RPUSH", "q", "v"]), ":1\r\n");
    assert_eq!(reply(&mut c), "*2\r\n$1\r\nq\r\n$1\r\nv\r\n");

    // Served before its timeout: the timeout must not fire later.
    block(&mut c, &["BLPOP", "q", "0.3"], &mut obs, 1);
    assert_eq!(obs.cmd_str(&["RPUSH", "q", "v"]), ":1\r\n");
    assert_eq!(reply(&mut c), "*2\r\n$1\r\nq\r\n$1\r\nv\r\n");
    assert_no_reply(&mut c, 400);

    // Errors in the timeout argument.
    expect_all(
        &mut obs,
        &[
            (&["BLPOP", "q", "-1"], "-ERR timeout is negative\r\n"),
            (&["BLPOP", "q", "-0.5"], "-ERR timeout is negative\r\n"),
            (
                &["BRPOP", "q", "x"],
                "-ERR timeout is not a float or out of range\r\n",
            ),
            (
                &["BLMOVE", "q", "d", "LEFT", "LEFT", "1e400"],
                "-ERR timeout is negative\r\n",
            ),
            (
                &["BRPOPLPUSH", "q", "d", "nan"],
                "-ERR timeout is not a float or out of range\r\n",
            ),
            (
                &["BLMPOP", "inf", "1", "q", "LEFT"],
                "-ERR timeout is negative\r\n",
            ),
        ],
    );
}

#[test]
fn a_blocked_client_that_leaves_is_forgotten() {
    let s = Server::start(&[]);
    let mut pusher = s.client();
    let mut gone = s.client();
    let mut stays = s.client();
    block(&mut gone, &["BLPOP", "q", "0"], &mut pusher, 1);
    block(&mut stays, &["BLPOP", "q", "0"], &mut pusher, 2);
    drop(gone);
    wait_blocked(&mut pusher, 1);
    // The element goes to the client still waiting, not to the one that left.
    assert_eq!(pusher.cmd_str(&["RPUSH", "q", "a"]), ":1\r\n");
    assert_eq!(reply(&mut stays), "*2\r\n$1\r\nq\r\n$1\r\na\r\n");

    let mut gone = s.client();
    block(
        &mut gone,
        &["BLMOVE", "q", "d", "LEFT", "LEFT", "0"],
        &mut pusher,
        1,
    );
    drop(gone);
    wait_blocked(&mut pusher, 0);
    // Nobody waits any more: a push is not lost.
    assert_eq!(pusher.cmd_str(&["RPUSH", "q", "b"]), ":1\r\n");
    assert_eq!(
        pusher.cmd_str(&["LRANGE", "q", "0", "-1"]),
        "*1\r\n$1\r\nb\r\n"
    );
    assert_eq!(pusher.cmd_str(&["EXISTS", "d"]), ":0\r\n");

    // A client that leaves with a timeout pending.
    let mut gone = s.client();
    block(&mut gone, &["BLPOP", "t", "0.1"], &mut pusher, 1);
    drop(gone);
    wait_blocked(&mut pusher, 0);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(pusher.cmd_str(&["PING"]), "+PONG\r\n");
}

#[test]
fn client_unblock() {
    let s = Server::start(&[]);
    let mut admin = s.client();
    let mut c = s.client();
    let id = common::int_of(&c.cmd(&["CLIENT", "ID"])).to_string();
    assert_eq!(admin.cmd_str(&["CLIENT", "UNBLOCK", &id]), ":0\r\n");

    // TIMEOUT (the default) replies what a timeout would: a null array, for BLMOVE too.
    block(&mut c, &["BLPOP", "q", "0"], &mut admin, 1);
    assert_eq!(admin.cmd_str(&["CLIENT", "UNBLOCK", &id]), ":1\r\n");
    assert_eq!(reply(&mut c), "*-1\r\n");
    assert_eq!(blocked_clients(&mut admin), 0);
    block(
        &mut c,
        &["BLMOVE", "q", "d", "LEFT", "LEFT", "0"],
        &mut admin,
        1,
    );
    assert_eq!(
        admin.cmd_str(&["CLIENT", "UNBLOCK", &id, "timeout"]),
        ":1\r\n"
    );
    assert_eq!(reply(&mut c), "*-1\r\n");

    // ERROR, and the client's pipelined commands go on afterwards.
    let mut batch = Client::encode(&[b"BRPOPLPUSH", b"q", b"d", b"0"]);
    batch.extend(Client::encode(&[b"PING"]));
    c.send(&batch);
    wait_blocked(&mut admin, 1);
    assert_eq!(
        admin.cmd_str(&["CLIENT", "UNBLOCK", &id, "ERROR"]),
        ":1\r\n"
    );
    assert_eq!(
        reply(&mut c),
        "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"
    );
    assert_eq!(reply(&mut c), "+PONG\r\n");

    // An unblocked client no longer waits: a later push stays in the list.
    assert_eq!(admin.cmd_str(&["RPUSH", "q", "a"]), ":1\r\n");
    assert_eq!(admin.cmd_str(&["LLEN", "q"]), ":1\r\n");
    assert_no_reply(&mut c, 50);

    expect_all(
        &mut admin,
        &[
            (&["CLIENT", "UNBLOCK", "999999"], ":0\r\n"),
            (&["CLIENT", "UNBLOCK", "999999", "ERROR"], ":0\r\n"),
            (
                &["CLIENT", "UNBLOCK", "999999", "FOO"],
                "-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n",
            ),
            (
                &["CLIENT", "UNBLOCK", "x"],
                "-ERR value is not an integer or out of range\r\n",
            ),
            (&["CLIENT", "UNBLOCK", "-1"], ":0\r\n"),
            (
                &["CLIENT", "UNBLOCK"],
                "-ERR wrong number of arguments for 'client|unblock' command\r\n",
            ),
        ],
    );
}

#[test]
fn blmove_chains_serve_clients_blocked_on_the_destination() {
    let s = Server::start(&[]);
    let mut pusher = s.client();
    let mut mover = s.client();
    let mut mover2 = s.client();
    let mut popper = s.client();
    block(
        &mut mover,
        &["BLMOVE", "a", "b", "RIGHT", "LEFT", "0"],
        &mut pusher,
        1,
    );
    block(&mut mover2, &["BRPOPLPUSH", "b", "c", "0"], &mut pusher, 2);
    block(&mut popper, &["BLPOP", "c", "0"], &mut pusher, 3);
    // One push travels a -> b -> c and is popped there.
    assert_eq!(pusher.cmd_str(&["RPUSH", "a", "x"]), ":1\r\n");
    assert_eq!(reply(&mut mover), "$1\r\nx\r\n");
    assert_eq!(reply(&mut mover2), "$1\r\nx\r\n");
    assert_eq!(reply(&mut popper), "*2\r\n$1\r\nc\r\n$1\r\nx\r\n");
    assert_eq!(pusher.cmd_str(&["DBSIZE"]), ":0\r\n");
    assert_eq!(blocked_clients(&mut pusher), 0);

    // A BLMOVE onto its own source (rotation) with a waiter on that key: the mover is served
    // first, and the element it pushes back serves the next waiter.
    block(
        &mut mover,
        &["BLMOVE", "r", "r", "LEFT", "RIGHT", "0"],
        &mut pusher,
        1,
    );
    block(&mut popper, &["BRPOP", "r", "0"], &mut pusher, 2);
    assert_eq!(pusher.cmd_str(&["RPUSH", "r", "1", "2"]), ":2\r\n");
    assert_eq!(reply(&mut mover), "$1\r\n1\r\n");
    assert_eq!(reply(&mut popper), "*2\r\n$1\r\nr\r\n$1\r\n1\r\n");
    assert_eq!(
        pusher.cmd_str(&["LRANGE", "r", "0", "-1"]),
        "*1\r\n$1\r\n2\r\n"
    );

    // A destination of the wrong type: the mover gets WRONGTYPE and the element stays.
    assert_eq!(pusher.cmd_str(&["SET", "s", "v"]), "+OK\r\n");
    block(
        &mut mover,
        &["BLMOVE", "e", "s", "LEFT", "LEFT", "0"],
        &mut pusher,
        1,
    );
    assert_eq!(pusher.cmd_str(&["RPUSH", "e", "z"]), ":1\r\n");
    assert_eq!(
        reply(&mut mover),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        pusher.cmd_str(&["LRANGE", "e", "0", "-1"]),
        "*1\r\n$1\r\nz\r\n"
    );
}

#[test]
fn blocking_commands_inside_multi_answer_at_once() {
    let s = Server::start(&[]);
    let mut c = s.client();
    expect_all(
        &mut c,
        &[
            (&["MULTI"], "+OK\r\n"),
            (&["BLPOP", "q", "0"], "+QUEUED\r\n"),
            (&["BRPOP", "q", "0"], "+QUEUED\r\n"),
            (&["BLMOVE", "q", "d", "LEFT", "LEFT", "0"], "+QUEUED\r\n"),
            (&["BRPOPLPUSH", "q", "d", "0"], "+QUEUED\r\n"),
            (&["BLMPOP", "0", "1", "q", "LEFT"], "+QUEUED\r\n"),
            (&["EXEC"], "*5\r\n*-1\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n"),
            (&["MULTI"], "+OK\r\n"),
            (&["RPUSH", "q", "a", "b", "c"], "+QUEUED\r\n"),
            (&["BLPOP", "q", "0"], "+QUEUED\r\n"),
            (&["BLMOVE", "q", "d", "LEFT", "LEFT", "0"], "+QUEUED\r\n"),
            (
                &["BLMPOP", "0", "2", "x", "q", "RIGHT", "COUNT", "5"],
                "+QUEUED\r\n",
            ),
            (&["BRPOP", "q", "0"], "+QUEUED\r\n"),
            (
                &["EXEC"],
                "*5\r\n:3\r\n*2\r\n$1\r\nq\r\n$1\r\na\r\n$1\r\nb\r\n*2\r\n$1\r\nq\r\n*1\r\n$1\r\nc\r\n*-1\r\n",
            ),
            (&["LRANGE", "d", "0", "-1"], "*1\r\n$1\r\nb\r\n"),
            // A timeout error is still an error inside EXEC.
            (&["MULTI"], "+OK\r\n"),
            (&["BLPOP", "q", "-1"], "+QUEUED\r\n"),
            (&["EXEC"], "*1\r\n-ERR timeout is negative\r\n"),
        ],
    );
    assert!(c.cmd_str(&["HELLO", "3"]).starts_with("%7\r\n"));
    expect_all(
        &mut c,
        &[
            (&["MULTI"], "+OK\r\n"),
            (&["BLPOP", "q", "0"], "+QUEUED\r\n"),
            (&["BLMOVE", "q", "d", "LEFT", "LEFT", "0"], "+QUEUED\r\n"),
            (&["EXEC"], "*2\r\n_\r\n_\r\n"),
        ],
    );
}

#[test]
fn swapdb_wakes_clients_blocked_in_either_database() {
    let s = Server::start(&[]);
    let mut w = s.client();
    let mut other = s.client();
    // Blocked in db 0; the data arrives from db 1.
    block(&mut w, &["BLPOP", "k", "0"], &mut other, 1);
    expect_all(
        &mut other,
        &[
            (&["SELECT", "1"], "+OK\r\n"),
            (&["RPUSH", "k", "v"], ":1\r\n"),
            (&["SWAPDB", "0", "1"], "+OK\r\n"),
        ],
    );
    assert_eq!(reply(&mut w), "*2\r\n$1\r\nk\r\n$1\r\nv\r\n");

    // Blocked in db 1; the data arrives from db 0.
    assert_eq!(w.cmd_str(&["SELECT", "1"]), "+OK\r\n");
    block(&mut w, &["BRPOP", "k2", "0"], &mut other, 1);
    expect_all(
        &mut other,
        &[
            (&["SELECT", "0"], "+OK\r\n"),
            (&["RPUSH", "k2", "a", "b"], ":2\r\n"),
            (&["SWAPDB", "1", "0"], "+OK\r\n"),
        ],
    );
    assert_eq!(reply(&mut w), "*2\r\n$2\r\nk2\r\n$1\r\nb\r\n");
    assert_eq!(w.cmd_str(&["LRANGE", "k2", "0", "-1"]), "*1\r\n$1\r\na\r\n");

    // A key of another type swapped in does not serve a list waiter.
    block(&mut w, &["BLPOP", "k3", "0"], &mut other, 1);
    expect_all(
        &mut other,
        &[
            (&["SET", "k3", "str"], "+OK\r\n"),
            (&["SWAPDB", "0", "1"], "+OK\r\n"),
        ],
    );
    assert_no_reply(&mut w, 50);
    assert_eq!(blocked_clients(&mut other), 1);
}

#[test]
fn a_list_renamed_moved_or_copied_into_place_serves_waiters() {
    let s = Server::start(&[]);
    let mut o = s.client();
    let mut w = s.client();
    block(&mut w, &["BLPOP", "foo", "0"], &mut o, 1);
    assert_eq!(o.cmd_str(&["LPUSH", "bob", "abc", "def", "hij"]), ":3\r\n");
    assert_eq!(o.cmd_str(&["RENAME", "bob", "foo"]), "+OK\r\n");
    assert_eq!(reply(&mut w), "*2\r\n$3\r\nfoo\r\n$3\r\nhij\r\n");
    block(&mut w, &["BRPOP", "bar", "0"], &mut o, 1);
    assert_eq!(o.cmd_str(&["COPY", "foo", "bar"]), ":1\r\n");
    assert_eq!(reply(&mut w), "*2\r\n$3\r\nbar\r\n$3\r\nabc\r\n");
    assert_eq!(o.cmd_str(&["DEL", "foo", "bar"]), ":2\r\n");
    block(&mut w, &["BLPOP", "foo", "0"], &mut o, 1);
    expect_all(
        &mut o,
        &[
            (&["SELECT", "1"], "+OK\r\n"),
            (&["RPUSH", "foo", "x"], ":1\r\n"),
            (&["MOVE", "foo", "0"], ":1\r\n"),
        ],
    );
    assert_eq!(reply(&mut w), "*2\r\n$3\r\nfoo\r\n$1\r\nx\r\n");
}
