//! Pub/Sub against the exact bytes Redis 7.0.15 sends (each expected stream below was recorded
//! from a real redis-server 7.0.15 given the same commands), plus what only a server under
//! load shows: subscribers that go away, and a subscriber that never reads.

mod common;

use common::{Client, Server};
use std::io::Read;
use std::time::{Duration, Instant};

/// Sends `input` and reads exactly `n` replies or pushes, concatenated.
fn replies(c: &mut Client, input: &str, n: usize) -> String {
    c.send(input.as_bytes());
    read_n(c, n)
}

/// Reads exactly `n` replies or pushes, concatenated.
fn read_n(c: &mut Client, n: usize) -> String {
    (0..n)
        .map(|_| String::from_utf8_lossy(&c.read_reply()).into_owned())
        .collect()
}

#[test]
fn subscribe_publish_and_patterns_in_resp2_and_resp3() {
    let s = Server::start(&[]);
    let (mut a, mut p, mut r3) = (s.client(), s.client(), s.client());
    assert_eq!(
        replies(
            &mut a,
            "SUBSCRIBE ch1 ch2\r\nSUBSCRIBE ch1\r\nPSUBSCRIBE ch* x?\r\nPING\r\nPING hi\r\nGET k\r\nCLIENT ID\r\n",
            9
        ),
        "*3\r\n$9\r\nsubscribe\r\n$3\r\nch1\r\n:1\r\n\
         *3\r\n$9\r\nsubscribe\r\n$3\r\nch2\r\n:2\r\n\
         *3\r\n$9\r\nsubscribe\r\n$3\r\nch1\r\n:2\r\n\
         *3\r\n$10\r\npsubscribe\r\n$3\r\nch*\r\n:3\r\n\
         *3\r\n$10\r\npsubscribe\r\n$2\r\nx?\r\n:4\r\n\
         *2\r\n$4\r\npong\r\n$0\r\n\r\n\
         *2\r\n$4\r\npong\r\n$2\r\nhi\r\n\
         -ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n\
         -ERR Can't execute 'client|id': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n"
    );
    // RESP3: confirmations and messages are pushes, and every command stays allowed.
    assert_eq!(
        replies(&mut r3, "HELLO 3\r\n", 1).lines().next(),
        Some("%7")
    );
    assert_eq!(
        replies(&mut r3, "SUBSCRIBE ch1\r\nGET nokey\r\nPING\r\n", 3),
        ">3\r\n$9\r\nsubscribe\r\n$3\r\nch1\r\n:1\r\n_\r\n+PONG\r\n"
    );

    // A client on a channel and on a matching pattern gets (and counts) both.
    assert_eq!(
        replies(
            &mut p,
            "PUBLISH ch1 hello\r\nPUBLISH ch2 world\r\nPUBLISH xy z\r\nPUBLISH none m\r\n",
            4
        ),
        ":3\r\n:2\r\n:1\r\n:0\r\n"
    );
    assert_eq!(
        read_n(&mut a, 5),
        "*3\r\n$7\r\nmessage\r\n$3\r\nch1\r\n$5\r\nhello\r\n\
         *4\r\n$8\r\npmessage\r\n$3\r\nch*\r\n$3\r\nch1\r\n$5\r\nhello\r\n\
         *3\r\n$7\r\nmessage\r\n$3\r\nch2\r\n$5\r\nworld\r\n\
         *4\r\n$8\r\npmessage\r\n$3\r\nch*\r\n$3\r\nch2\r\n$5\r\nworld\r\n\
         *4\r\n$8\r\npmessage\r\n$2\r\nx?\r\n$2\r\nxy\r\n$1\r\nz\r\n"
    );
    assert_eq!(
        read_n(&mut r3, 1),
        ">3\r\n$7\r\nmessage\r\n$3\r\nch1\r\n$5\r\nhello\r\n"
    );

    // Introspection.
    assert_eq!(
        replies(
            &mut p,
            "PUBSUB NUMSUB ch1 ch2 none\r\nPUBSUB NUMPAT\r\nPUBSUB CHANNELS ch1\r\nPUBSUB CHANNELS zz*\r\n\
             PUBSUB NUMPAT x\r\nPUBSUB FOO\r\nPUBSUB CHANNELS a b\r\n",
            7
        ),
        "*6\r\n$3\r\nch1\r\n:2\r\n$3\r\nch2\r\n:1\r\n$4\r\nnone\r\n:0\r\n:2\r\n*1\r\n$3\r\nch1\r\n*0\r\n\
         -ERR wrong number of arguments for 'pubsub|numpat' command\r\n\
         -ERR unknown subcommand 'FOO'. Try PUBSUB HELP.\r\n\
         -ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n"
    );
    let mut channels = replies(&mut p, "PUBSUB CHANNELS\r\n", 1)
        .lines()
        .filter(|l| !l.starts_with(['*', '$']))
        .map(str::to_string)
        .collect::<Vec<_>>();
    channels.sort();
    assert_eq!(channels, ["ch1", "ch2"]);

    // Unsubscribing: by name (a name never subscribed is confirmed too), then everything,
    // then from nothing (a null name).
    assert_eq!(
        replies(
            &mut a,
            "UNSUBSCRIBE ch2 nosuch\r\nPUNSUBSCRIBE\r\nPUNSUBSCRIBE\r\nUNSUBSCRIBE\r\nUNSUBSCRIBE\r\nPING\r\nGET k\r\n",
            8
        ),
        "*3\r\n$11\r\nunsubscribe\r\n$3\r\nch2\r\n:3\r\n\
         *3\r\n$11\r\nunsubscribe\r\n$6\r\nnosuch\r\n:3\r\n\
         *3\r\n$12\r\npunsubscribe\r\n$3\r\nch*\r\n:2\r\n\
         *3\r\n$12\r\npunsubscribe\r\n$2\r\nx?\r\n:1\r\n\
         *3\r\n$12\r\npunsubscribe\r\n$-1\r\n:1\r\n\
         *3\r\n$11\r\nunsubscribe\r\n$3\r\nch1\r\n:0\r\n\
         *3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n\
         +PONG\r\n"
    );
    assert_eq!(replies(&mut a, "GET k\r\n", 1), "$-1\r\n");
    assert_eq!(replies(&mut p, "PUBLISH ch1 again\r\n", 1), ":1\r\n");
}

#[test]
fn shard_channels_and_transactions() {
    let s = Server::start(&[]);
    let (mut b, mut p) = (s.client(), s.client());
    assert_eq!(
        replies(
            &mut b,
            "SSUBSCRIBE s1\r\nSPUBLISH s1 m1\r\nSUBSCRIBE c\r\nUNSUBSCRIBE\r\nPING\r\n",
            5
        ),
        "*3\r\n$10\r\nssubscribe\r\n$2\r\ns1\r\n:1\r\n\
         -ERR Can't execute 'spublish': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n\
         *3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n\
         *3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:0\r\n\
         *2\r\n$4\r\npong\r\n$0\r\n\r\n"
    );
    // Shard channels have their own count, and patterns do not see their messages.
    assert_eq!(
        replies(&mut p, "PSUBSCRIBE *\r\n", 1),
        "*3\r\n$10\r\npsubscribe\r\n$1\r\n*\r\n:1\r\n"
    );
    let mut q = s.client();
    assert_eq!(
        replies(
            &mut q,
            "SPUBLISH s1 m1\r\nPUBSUB SHARDNUMSUB s1 s2\r\nPUBSUB SHARDCHANNELS\r\nPUBSUB SHARDCHANNELS x*\r\n",
            4
        ),
        ":1\r\n*4\r\n$2\r\ns1\r\n:1\r\n$2\r\ns2\r\n:0\r\n*1\r\n$2\r\ns1\r\n*0\r\n"
    );
    assert_eq!(
        read_n(&mut b, 1),
        "*3\r\n$8\r\nsmessage\r\n$2\r\ns1\r\n$2\r\nm1\r\n"
    );
    assert_eq!(
        replies(&mut b, "SUNSUBSCRIBE\r\nSUNSUBSCRIBE\r\nPING\r\n", 3),
        "*3\r\n$12\r\nsunsubscribe\r\n$2\r\ns1\r\n:0\r\n\
         *3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n+PONG\r\n"
    );
    // SUBSCRIBE runs inside EXEC; SSUBSCRIBE does not.
    assert_eq!(
        replies(
            &mut b,
            "MULTI\r\nSUBSCRIBE m1\r\nSSUBSCRIBE m2\r\nEXEC\r\nPING\r\nUNSUBSCRIBE\r\nPING\r\n",
            7
        ),
        "+OK\r\n+QUEUED\r\n+QUEUED\r\n\
         *2\r\n*3\r\n$9\r\nsubscribe\r\n$2\r\nm1\r\n:1\r\n-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n\
         *2\r\n$4\r\npong\r\n$0\r\n\r\n\
         *3\r\n$11\r\nunsubscribe\r\n$2\r\nm1\r\n:0\r\n+PONG\r\n"
    );
}

/// Pushes get through CLIENT REPLY OFF; the replies around them do not (Redis's test "PubSub
/// messages with CLIENT REPLY OFF").
#[test]
fn pushes_ignore_client_reply_off() {
    let s = Server::start(&[]);
    let mut c = s.client();
    assert!(replies(&mut c, "HELLO 3\r\n", 1).starts_with("%7"));
    assert_eq!(
        replies(
            &mut c,
            "CLIENT REPLY OFF\r\nPSUBSCRIBE p*\r\nPUBLISH pq self\r\nCLIENT REPLY ON\r\nPUBLISH pq self2\r\n",
            5
        ),
        ">3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:1\r\n\
         >4\r\n$8\r\npmessage\r\n$2\r\np*\r\n$2\r\npq\r\n$4\r\nself\r\n\
         +OK\r\n\
         >4\r\n$8\r\npmessage\r\n$2\r\np*\r\n$2\r\npq\r\n$5\r\nself2\r\n:1\r\n"
    );
}

#[test]
fn subscribers_show_in_client_list_info_and_go_away_cleanly() {
    let s = Server::start(&[]);
    let mut sub = s.client();
    let mut c = s.client();
    let id = replies(&mut sub, "CLIENT ID\r\n", 1);
    replies(
        &mut sub,
        "SUBSCRIBE a b\r\nPSUBSCRIBE p*\r\nSSUBSCRIBE s\r\n",
        4,
    );
    let list = replies(&mut c, "CLIENT LIST TYPE pubsub\r\n", 1);
    let line = list.lines().nth(1).unwrap();
    assert!(line.starts_with(&format!("id={} ", id.trim_start_matches(':').trim())));
    for field in [" flags=P ", " sub=2 ", " psub=1 ", " ssub=1 "] {
        assert!(line.contains(field), "{field} in {line}");
    }
    let normal = replies(&mut c, "CLIENT LIST TYPE normal\r\n", 1);
    assert!(!normal.contains("flags=P"), "{normal}");
    let info = replies(&mut c, "INFO stats\r\n", 1);
    for field in [
        "pubsub_channels:2\r\n",
        "pubsub_patterns:1\r\n",
        "pubsubshard_channels:1\r\n",
    ] {
        assert!(info.contains(field), "{field}");
    }

    // A subscriber that disconnects is forgotten at once.
    drop(sub);
    let deadline = Instant::now() + Duration::from_secs(5);
    while replies(&mut c, "PUBSUB NUMSUB a\r\n", 1) != "*2\r\n$1\r\na\r\n:0\r\n" {
        assert!(
            Instant::now() < deadline,
            "the subscription outlived its client"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        replies(
            &mut c,
            "PUBLISH a x\r\nPUBLISH pq x\r\nSPUBLISH s x\r\nPUBSUB NUMPAT\r\n",
            4
        ),
        ":0\r\n:0\r\n:0\r\n:0\r\n"
    );

    // CLIENT KILL TYPE pubsub takes subscribers only.
    let mut sub2 = s.client();
    replies(&mut sub2, "SUBSCRIBE a\r\n", 1);
    assert_eq!(replies(&mut c, "CLIENT KILL TYPE pubsub\r\n", 1), ":1\r\n");
    assert_eq!(sub2.read_to_close(), b"");
    assert_eq!(replies(&mut c, "PING\r\n", 1), "+PONG\r\n");
}

/// A subscriber that never reads is cut off at `client-output-buffer-limit pubsub`, while the
/// publisher and everyone else go on.
#[test]
fn a_subscriber_that_never_reads_is_disconnected_at_the_pubsub_limit() {
    let s = Server::start(&["--client-output-buffer-limit", "pubsub 1mb 0 0"]);
    let mut sub = s.client();
    replies(&mut sub, "SUBSCRIBE flood\r\n", 1);
    let mut p = s.client();
    let msg = "m".repeat(64 * 1024);
    let mut delivered = 0;
    for _ in 0..200 {
        let n = replies(&mut p, &format!("PUBLISH flood {msg}\r\n"), 1);
        delivered += n.trim_start_matches(':').trim().parse::<i64>().unwrap();
    }
    // The subscriber was closed once its unread output passed 1 MB: later messages had no
    // receiver.
    assert!(
        delivered < 200,
        "{delivered} of 200 delivered to a client that never reads"
    );
    assert_eq!(
        replies(&mut p, "PUBSUB NUMSUB flood\r\n", 1),
        "*2\r\n$5\r\nflood\r\n:0\r\n"
    );
    // What the subscriber gets is whole messages, then the end of the stream.
    sub.stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut got = Vec::new();
    let _ = sub.stream.read_to_end(&mut got);
    assert!(got.len() >= 1 << 20, "{} bytes before the close", got.len());
    assert_eq!(replies(&mut p, "PING\r\n", 1), "+PONG\r\n");
}

/// A monitor may not publish (Redis's `CMD_MAY_REPLICATE`).
#[test]
fn a_monitor_may_not_publish() {
    let s = Server::start(&[]);
    let mut m = s.client();
    assert_eq!(replies(&mut m, "MONITOR\r\n", 1), "+OK\r\n");
    assert_eq!(
        replies(&mut m, "PUBLISH a b\r\n", 1),
        "-ERR Replica can't interact with the keyspace\r\n"
    );
}

/// The `redis` crate's own Pub/Sub API, as an application uses it.
#[test]
fn redis_crate_pubsub() {
    let s = Server::start(&[]);
    let client = redis::Client::open(format!("redis://127.0.0.1:{}/", s.port)).unwrap();
    let mut sub_con = client.get_connection().unwrap();
    let mut pub_con = client.get_connection().unwrap();
    let mut pubsub = sub_con.as_pubsub();
    pubsub.subscribe("news").unwrap();
    pubsub.psubscribe("new*").unwrap();
    let n: i64 = redis::cmd("PUBLISH")
        .arg("news")
        .arg("hello")
        .query(&mut pub_con)
        .unwrap();
    assert_eq!(n, 2);
    let first = pubsub.get_message().unwrap();
    assert_eq!(first.get_channel_name(), "news");
    assert_eq!(first.get_payload::<String>().unwrap(), "hello");
    let second = pubsub.get_message().unwrap();
    assert_eq!(second.get_pattern::<String>().unwrap(), "new*");
    assert_eq!(second.get_payload::<String>().unwrap(), "hello");
}
