mod common;
use common::Server;

#[test]
fn sadd_srem_scard_sismember() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["sadd", "s", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s", "a", "b", "c"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s", "a", "a", "d"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["srem", "s", "b", "x"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["srem", "s", "x"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["srem", "s", "a", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["srem", "nokey", "a"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["scard", "s"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["scard", "nokey"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sismember", "s", "c"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sismember", "s", "b"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sismember", "nokey", "a"]), ":0\r\n");
    assert_eq!(
        c.cmd_str(&["smismember", "s", "c", "b", "d"]),
        "*3\r\n:1\r\n:0\r\n:1\r\n"
    );
    assert_eq!(
        c.cmd_str(&["smismember", "nokey", "a", "b"]),
        "*2\r\n:0\r\n:0\r\n"
    );
    assert_eq!(c.cmd_str(&["sadd", "s", ""]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sismember", "s", ""]), ":1\r\n");
    assert_eq!(c.cmd_str(&["type", "s"]), "+set\r\n");
}

#[test]
fn set_arity_errors() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(
        c.cmd_str(&["sadd", "s"]),
        "-ERR wrong number of arguments for 'sadd' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sadd"]),
        "-ERR wrong number of arguments for 'sadd' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["srem", "s"]),
        "-ERR wrong number of arguments for 'srem' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["scard"]),
        "-ERR wrong number of arguments for 'scard' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sismember", "s"]),
        "-ERR wrong number of arguments for 'sismember' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["smismember", "s"]),
        "-ERR wrong number of arguments for 'smismember' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["smembers"]),
        "-ERR wrong number of arguments for 'smembers' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["spop"]),
        "-ERR wrong number of arguments for 'spop' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["srandmember"]),
        "-ERR wrong number of arguments for 'srandmember' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["smove", "a", "b"]),
        "-ERR wrong number of arguments for 'smove' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sinter"]),
        "-ERR wrong number of arguments for 'sinter' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "1"]),
        "-ERR wrong number of arguments for 'sintercard' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sinterstore", "d"]),
        "-ERR wrong number of arguments for 'sinterstore' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sunion"]),
        "-ERR wrong number of arguments for 'sunion' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sunionstore", "d"]),
        "-ERR wrong number of arguments for 'sunionstore' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sdiff"]),
        "-ERR wrong number of arguments for 'sdiff' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sdiffstore", "d"]),
        "-ERR wrong number of arguments for 'sdiffstore' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "s"]),
        "-ERR wrong number of arguments for 'sscan' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["scard", "s", "x"]),
        "-ERR wrong number of arguments for 'scard' command\r\n"
    );
}

#[test]
fn set_emptied_key_is_deleted() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["sadd", "s", "a", "b"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["expire", "s", "100"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s", "c"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["ttl", "s"]), ":100\r\n");
    assert_eq!(c.cmd_str(&["srem", "s", "a", "b", "c"]), ":3\r\n");
    assert_eq!(c.cmd_str(&["exists", "s"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["ttl", "s"]), ":-2\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["ttl", "s"]), ":-1\r\n");
    assert_eq!(c.cmd_str(&["srem", "s", "a", "b"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["exists", "s"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["spop", "s"]), "$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["exists", "s"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s", "a", "b"]), ":2\r\n");
    // Two members: popped in unspecified order.
    assert_eq!(c.cmd_str(&["spop", "s", "2"]).len(), 18);
    assert_eq!(c.cmd_str(&["exists", "s"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["spop", "s", "5"]), "*1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["exists", "s"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["smove", "s", "t", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["exists", "s"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["smembers", "t"]), "*1\r\n$1\r\na\r\n");
}

#[test]
fn smembers_and_single_member_replies() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["sadd", "one", "m"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["smembers", "one"]), "*1\r\n$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["smembers", "nokey"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["sinter", "one"]), "*1\r\n$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["sunion", "one"]), "*1\r\n$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["sdiff", "one"]), "*1\r\n$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one"]), "$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["spop", "one"]), "$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["smembers", "one"]), "*0\r\n");
}

#[test]
fn spop_counts_and_errors() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["spop", "nokey"]), "$-1\r\n");
    assert_eq!(c.cmd_str(&["spop", "nokey", "3"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["spop", "nokey", "0"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["sadd", "one", "m"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["spop", "one", "0"]), "*0\r\n");
    assert_eq!(
        c.cmd_str(&["spop", "one", "-1"]),
        "-ERR value is out of range, must be positive\r\n"
    );
    assert_eq!(
        c.cmd_str(&["spop", "one", "x"]),
        "-ERR value is out of range, must be positive\r\n"
    );
    assert_eq!(
        c.cmd_str(&["spop", "one", "1.5"]),
        "-ERR value is out of range, must be positive\r\n"
    );
    assert_eq!(
        c.cmd_str(&["spop", "one", "1", "2"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(
        c.cmd_str(&["spop", "one", "9223372036854775808"]),
        "-ERR value is out of range, must be positive\r\n"
    );
    assert_eq!(
        c.cmd_str(&["spop", "one", "-9223372036854775808"]),
        "-ERR value is out of range, must be positive\r\n"
    );
    assert_eq!(c.cmd_str(&["smembers", "one"]), "*1\r\n$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["spop", "one", "1"]), "*1\r\n$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["exists", "one"]), ":0\r\n");
}

#[test]
fn srandmember_counts_and_errors() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["srandmember", "nokey"]), "$-1\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "nokey", "2"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "nokey", "-2"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "nokey", "0"]), "*0\r\n");
    assert_eq!(
        c.cmd_str(&["srandmember", "nokey", "x"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(c.cmd_str(&["sadd", "one", "m"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one"]), "$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one", "1"]), "*1\r\n$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one", "5"]), "*1\r\n$1\r\nm\r\n");
    assert_eq!(
        c.cmd_str(&["srandmember", "one", "-3"]),
        "*3\r\n$1\r\nm\r\n$1\r\nm\r\n$1\r\nm\r\n"
    );
    assert_eq!(c.cmd_str(&["srandmember", "one", "0"]), "*0\r\n");
    assert_eq!(
        c.cmd_str(&["srandmember", "one", "x"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["srandmember", "one", "1.5"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["srandmember", "one", "-9223372036854775808"]),
        "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"
    );
    assert_eq!(
        c.cmd_str(&["srandmember", "one", "1", "2"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(c.cmd_str(&["sadd", "two", "a", "b"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "two", "0"]), "*0\r\n");
}

#[test]
fn smove_cases() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["sadd", "p", "x"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["smove", "p", "q", "x"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["smove", "p", "q", "x"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["exists", "p"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["smembers", "q"]), "*1\r\n$1\r\nx\r\n");
    assert_eq!(c.cmd_str(&["smove", "q", "q", "x"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["smove", "q", "q", "y"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["smove", "nokey", "q", "x"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["smove", "nokey", "nokey", "x"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sadd", "q2", "x"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["smove", "q", "q2", "x"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["exists", "q"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["smembers", "q2"]), "*1\r\n$1\r\nx\r\n");
    assert_eq!(c.cmd_str(&["set", "str", "v"]), "+OK\r\n");
    assert_eq!(
        c.cmd_str(&["smove", "q2", "str", "x"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["smove", "str", "q2", "x"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(c.cmd_str(&["smove", "nokey", "str", "x"]), ":0\r\n");
    assert_eq!(
        c.cmd_str(&["smove", "str", "nokey", "x"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(c.cmd_str(&["sadd", "q3", "y"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["smove", "q2", "q3", "nosuch"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["smove", "q2", "q3", "x"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["scard", "q3"]), ":2\r\n");
}

#[test]
fn set_commands_against_wrong_type() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["set", "str", "v"]), "+OK\r\n");
    assert_eq!(
        c.cmd_str(&["sadd", "str", "a"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["srem", "str", "a"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["scard", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sismember", "str", "a"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["smismember", "str", "a"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["smembers", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["spop", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["spop", "str", "2"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["srandmember", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["srandmember", "str", "2"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sinter", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(c.cmd_str(&["sadd", "q2", "a"]), ":1\r\n");
    assert_eq!(
        c.cmd_str(&["sinter", "q2", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sinter", "nokey", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sinter", "str", "nokey"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sinterstore", "d", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sunion", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sunion", "q2", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sdiff", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sdiff", "nokey", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sdiffstore", "d", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sunionstore", "d", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "1", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "2", "nokey", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "str", "0"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(c.cmd_str(&["sscan", "str", "x"]), "-ERR invalid cursor\r\n");
    assert_eq!(c.cmd_str(&["hset", "h", "f", "v"]), ":1\r\n");
    assert_eq!(
        c.cmd_str(&["sadd", "h", "m"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
}

#[test]
fn sinter_sintercard_sinterstore() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["sadd", "s1", "a", "b", "c", "d"]), ":4\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s2", "c", "d", "e"]), ":3\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s3", "d", "e", "f"]), ":3\r\n");
    assert_eq!(
        c.cmd_str(&["sinter", "s1", "s2", "s3"]),
        "*1\r\n$1\r\nd\r\n"
    );
    assert_eq!(c.cmd_str(&["sinter", "s1", "nokey"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["sinter", "nokey", "s1"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "s2"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "3", "s1", "s2", "s3"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "nokey"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "1", "s1"]), ":4\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "s1"]), ":4\r\n");
    assert_eq!(
        c.cmd_str(&["sintercard", "2", "s1", "s2", "limit", "1"]),
        ":1\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "2", "s1", "s2", "limit", "0"]),
        ":2\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "2", "s1", "s2", "LIMIT", "5"]),
        ":2\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "2", "s1", "s2", "limit", "1", "limit", "0"]),
        ":2\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "0", "s1"]),
        "-ERR numkeys should be greater than 0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "-1", "s1"]),
        "-ERR numkeys should be greater than 0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "x", "s1"]),
        "-ERR numkeys should be greater than 0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "3", "s1", "s2"]),
        "-ERR Number of keys can't be greater than number of args\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "9223372036854775808", "s1"]),
        "-ERR numkeys should be greater than 0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "2", "s1", "s2", "limit", "-1"]),
        "-ERR LIMIT can't be negative\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "2", "s1", "s2", "limit", "x"]),
        "-ERR LIMIT can't be negative\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "2", "s1", "s2", "limit"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "2", "s1", "s2", "foo", "1"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sintercard", "1", "s1", "s2"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(c.cmd_str(&["sinterstore", "d", "s1", "s2", "s3"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["smembers", "d"]), "*1\r\n$1\r\nd\r\n");
    assert_eq!(c.cmd_str(&["sinterstore", "d", "s1", "nokey"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["exists", "d"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["set", "d", "v"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["expire", "d", "100"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sinterstore", "d", "s2", "s3"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["ttl", "d"]), ":-1\r\n");
    assert_eq!(c.cmd_str(&["type", "d"]), "+set\r\n");
    assert_eq!(c.cmd_str(&["scard", "d"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["sinterstore", "d", "s1", "nokey"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["exists", "d"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sinterstore", "s1", "s1", "s3"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["smembers", "s1"]), "*1\r\n$1\r\nd\r\n");
}

#[test]
fn sunion_sdiff_and_store() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["sadd", "s1", "a", "b", "c", "d"]), ":4\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s2", "c", "d", "e"]), ":3\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s3", "d", "e", "f"]), ":3\r\n");
    assert_eq!(c.cmd_str(&["sdiff", "s3", "s1", "s2"]), "*1\r\n$1\r\nf\r\n");
    assert_eq!(c.cmd_str(&["sdiff", "s1", "s1"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["sdiff", "s1", "s2", "s1"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["sdiff", "nokey", "s1"]), "*0\r\n");
    assert_eq!(
        c.cmd_str(&["sdiff", "s3", "nokey", "s1", "s2"]),
        "*1\r\n$1\r\nf\r\n"
    );
    assert_eq!(c.cmd_str(&["sdiffstore", "d", "s3", "s1", "s2"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["smembers", "d"]), "*1\r\n$1\r\nf\r\n");
    assert_eq!(c.cmd_str(&["sdiffstore", "d", "s1", "s1"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["exists", "d"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sunion", "nokey", "nokey2"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["sunionstore", "d", "nokey"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["exists", "d"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sunionstore", "d", "s3", "nokey"]), ":3\r\n");
    assert_eq!(c.cmd_str(&["scard", "d"]), ":3\r\n");
    assert_eq!(c.cmd_str(&["set", "d", "v"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["expire", "d", "100"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sunionstore", "d", "s3"]), ":3\r\n");
    assert_eq!(c.cmd_str(&["ttl", "d"]), ":-1\r\n");
    assert_eq!(c.cmd_str(&["sdiffstore", "d", "s3", "s2"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["smembers", "d"]), "*1\r\n$1\r\nf\r\n");
}

#[test]
fn sscan_options_and_errors() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["sadd", "si", "a"]), ":1\r\n");
    assert_eq!(
        c.cmd_str(&["sscan", "si", "0"]),
        "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "si", "0", "match", "a*"]),
        "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "si", "0", "match", "b*"]),
        "*2\r\n$1\r\n0\r\n*0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "si", "0", "count", "100", "match", "a"]),
        "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "si", "0", "COUNT", "1", "MATCH", "*"]),
        "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "nokey", "0"]),
        "*2\r\n$1\r\n0\r\n*0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "si", "0", "count", "0"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "si", "0", "count", "x"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "si", "0", "type", "set"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "si", "0", "match"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(c.cmd_str(&["sscan", "si", "x"]), "-ERR invalid cursor\r\n");
    assert_eq!(
        c.cmd_str(&["sscan", "si", "18446744073709551616"]),
        "-ERR invalid cursor\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "nokey", "x"]),
        "-ERR invalid cursor\r\n"
    );
    assert_eq!(
        c.cmd_str(&["sscan", "nokey", "0", "count", "0"]),
        "*2\r\n$1\r\n0\r\n*0\r\n"
    );
}

#[test]
fn set_type_and_scan_type() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["sadd", "s", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["set", "str", "v"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["type", "s"]), "+set\r\n");
    assert_eq!(
        c.cmd_str(&["scan", "0", "type", "set"]),
        "*2\r\n$1\r\n0\r\n*1\r\n$1\r\ns\r\n"
    );
    assert_eq!(c.cmd_str(&["rename", "s", "s2"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["smembers", "s2"]), "*1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["copy", "s2", "s3"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s3", "b"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["scard", "s2"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["scard", "s3"]), ":2\r\n");
}

#[test]
fn set_commands_resp3() {
    let server = Server::start(&[]);
    let mut c = server.client();
    c.cmd(&["hello", "3"]);
    assert_eq!(c.cmd_str(&["sadd", "s", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["smembers", "s"]), "~1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["smembers", "nokey"]), "~0\r\n");
    assert_eq!(c.cmd_str(&["sinter", "s", "s"]), "~1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["sinter", "s", "nokey"]), "~0\r\n");
    assert_eq!(c.cmd_str(&["sunion", "s", "nokey"]), "~1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["sdiff", "s", "nokey"]), "~1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["sdiff", "nokey", "s"]), "~0\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "1", "s"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["spop", "nokey"]), "_\r\n");
    assert_eq!(c.cmd_str(&["spop", "nokey", "2"]), "~0\r\n");
    assert_eq!(c.cmd_str(&["spop", "s", "0"]), "~0\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "nokey"]), "_\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "nokey", "2"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "s", "2"]), "*1\r\n$1\r\na\r\n");
    assert_eq!(
        c.cmd_str(&["srandmember", "s", "-2"]),
        "*2\r\n$1\r\na\r\n$1\r\na\r\n"
    );
    assert_eq!(
        c.cmd_str(&["smismember", "s", "a", "b"]),
        "*2\r\n:1\r\n:0\r\n"
    );
    assert_eq!(c.cmd_str(&["sismember", "s", "a"]), ":1\r\n");
    assert_eq!(
        c.cmd_str(&["sscan", "s", "0"]),
        "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"
    );
    assert_eq!(c.cmd_str(&["spop", "s", "3"]), "~1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["exists", "s"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s", "b"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["spop", "s"]), "$1\r\nb\r\n");
}

// ---- Hand-written: properties that depend on randomness, and a model-based random test. ----

/// A parsed reply, enough for the property tests below.
#[derive(Debug, Clone, PartialEq)]
enum R {
    Int(i64),
    Bulk(Vec<u8>),
    Nil,
    Arr(Vec<R>),
    Err(String),
    Other(String),
}

fn parse(buf: &[u8]) -> (R, usize) {
    let end = buf.windows(2).position(|w| w == b"\r\n").unwrap();
    let head = std::str::from_utf8(&buf[1..end]).unwrap();
    let after = end + 2;
    match buf[0] {
        b':' => (R::Int(head.parse().unwrap()), after),
        b'-' => (R::Err(head.to_string()), after),
        b'_' => (R::Nil, after),
        b'$' if head == "-1" => (R::Nil, after),
        b'*' if head == "-1" => (R::Nil, after),
        b'$' => {
            let n: usize = head.parse().unwrap();
            (R::Bulk(buf[after..after + n].to_vec()), after + n + 2)
        }
        b'*' | b'~' | b'%' => {
            let mut n: usize = head.parse().unwrap();
            if buf[0] == b'%' {
                n *= 2;
            }
            let mut items = Vec::new();
            let mut pos = after;
            for _ in 0..n {
                let (r, used) = parse(&buf[pos..]);
                items.push(r);
                pos += used;
            }
            (R::Arr(items), pos)
        }
        _ => (R::Other(head.to_string()), after),
    }
}

fn q(c: &mut common::Client, args: &[&str]) -> R {
    parse(&c.cmd(args)).0
}

fn strings(r: R) -> Vec<String> {
    match r {
        R::Arr(items) => items
            .into_iter()
            .map(|i| match i {
                R::Bulk(b) => String::from_utf8(b).unwrap(),
                other => panic!("not a bulk: {other:?}"),
            })
            .collect(),
        other => panic!("not an array: {other:?}"),
    }
}

#[test]
fn srandmember_and_spop_counts_on_a_big_set() {
    let server = Server::start(&[]);
    let mut c = server.client();
    let mut args = vec!["sadd".to_string(), "s".to_string()];
    for i in 0..500 {
        args.push(format!("m{i}"));
    }
    let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    assert_eq!(c.cmd_str(&refs), ":500\r\n");
    for count in [1usize, 10, 100, 166, 167, 400, 499, 500, 1000] {
        let got = strings(q(&mut c, &["srandmember", "s", &count.to_string()]));
        assert_eq!(got.len(), count.min(500), "count {count}");
        let mut uniq = got.clone();
        uniq.sort();
        uniq.dedup();
        assert_eq!(uniq.len(), got.len(), "count {count}: repeats");
    }
    let got = strings(q(&mut c, &["srandmember", "s", "-2000"]));
    assert_eq!(got.len(), 2000);
    assert!(got.iter().all(|m| m.starts_with('m')));
    let mut seen = std::collections::HashSet::new();
    for _ in 0..300 {
        if let R::Bulk(m) = q(&mut c, &["srandmember", "s"]) {
            seen.insert(m);
        }
    }
    assert!(seen.len() > 150, "only {} distinct members", seen.len());
    // SPOP count: one by one (few popped), and by keeping the survivors (most popped).
    let mut popped = std::collections::HashSet::new();
    let mut size = 500;
    for (count, left) in [(100usize, 400i64), (350, 50), (1, 49), (60, 0)] {
        let got = strings(q(&mut c, &["spop", "s", &count.to_string()]));
        assert_eq!(got.len(), count.min(size));
        size -= got.len();
        for m in got {
            assert!(popped.insert(m.clone()), "{m} popped twice");
        }
        assert_eq!(q(&mut c, &["scard", "s"]), R::Int(left));
    }
    assert_eq!(popped.len(), 500);
    assert_eq!(q(&mut c, &["exists", "s"]), R::Int(0));
}

/// SSCAN over a big set while members come and go: every member present for the whole scan is
/// returned at least once, and the scan ends at cursor 0.
#[test]
fn sscan_guarantee_under_concurrent_changes() {
    let server = Server::start(&[]);
    let mut c = server.client();
    for i in 0..1000 {
        c.cmd(&["sadd", "s", &format!("m{i}")]);
    }
    let mut seen = std::collections::HashSet::new();
    let mut cursor = "0".to_string();
    let mut step = 0;
    loop {
        let R::Arr(parts) = q(&mut c, &["sscan", "s", &cursor, "count", "29"]) else {
            panic!()
        };
        let R::Bulk(next) = &parts[0] else { panic!() };
        seen.extend(strings(parts[1].clone()));
        cursor = String::from_utf8(next.clone()).unwrap();
        c.cmd(&["srem", "s", &format!("m{}", 500 + step * 2)]);
        c.cmd(&["spop", "s"]);
        c.cmd(&["sadd", "s", &format!("new{step}")]);
        step += 1;
        if cursor == "0" {
            break;
        }
        assert!(step < 1000, "scan does not end");
    }
    // Members that were neither removed nor popped must all have been seen.
    let now: std::collections::HashSet<String> =
        strings(q(&mut c, &["smembers", "s"])).into_iter().collect();
    for i in 0..1000 {
        let m = format!("m{i}");
        if now.contains(&m) {
            assert!(seen.contains(&m), "{m} never returned");
        }
    }
    let R::Arr(parts) = q(
        &mut c,
        &["sscan", "s", "0", "match", "new1?", "count", "5000"],
    ) else {
        panic!()
    };
    assert_eq!(parts[0], R::Bulk(b"0".to_vec()));
    let mut got = strings(parts[1].clone());
    got.sort();
    let mut want: Vec<String> = now
        .into_iter()
        .filter(|m| m.len() == 5 && m.starts_with("new1"))
        .collect();
    want.sort();
    assert!(want.len() >= 5);
    assert_eq!(got, want);
}

/// Random commands against ferrokv and a model (a BTreeSet per key); replies compared sorted
/// where Redis's order is unspecified.
#[test]
fn sets_match_a_model_under_random_commands() {
    use std::collections::{BTreeSet, HashMap};
    let server = Server::start(&[]);
    let mut c = server.client();
    let mut model: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut seed: u64 = 0x0bad_cafe_dead_beef;
    let mut rnd = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let keys = ["s1", "s2", "s3", "s4"];
    let sorted = |r: R| {
        let mut v = strings(r);
        v.sort();
        v
    };
    let as_vec = |s: Option<&BTreeSet<String>>| -> Vec<String> {
        s.map(|s| s.iter().cloned().collect()).unwrap_or_default()
    };
    for step in 0..6000 {
        let k1 = keys[rnd(4) as usize].to_string();
        let k2 = keys[rnd(4) as usize].to_string();
        let k3 = keys[rnd(4) as usize].to_string();
        // s1 and s2 get integers only, so they stay intsets unless a string moves in.
        let ints = k1 == "s1" || k1 == "s2";
        let mut member = |ints: bool| match ints || rnd(2) == 0 {
            true => format!("{}", rnd(30) as i64 - 10),
            false => format!("m{}", rnd(30)),
        };
        let m = member(ints);
        let m2 = member(ints);
        let ctx = format!("step {step}");
        let empty = BTreeSet::new();
        let get = |model: &HashMap<String, BTreeSet<String>>, k: &str| {
            model.get(k).cloned().unwrap_or_default()
        };
        match rnd(14) {
            0..=2 => {
                let got = q(&mut c, &["sadd", &k1, &m, &m2]);
                let s = model.entry(k1.clone()).or_default();
                let added = s.insert(m.clone()) as i64 + s.insert(m2.clone()) as i64;
                assert_eq!(got, R::Int(added), "{ctx}");
            }
            3 => {
                let got = q(&mut c, &["srem", &k1, &m]);
                let removed = model.get_mut(&k1).is_some_and(|s| s.remove(&m));
                assert_eq!(got, R::Int(removed as i64), "{ctx}");
            }
            4 => {
                let got = q(&mut c, &["sismember", &k1, &m]);
                let want = model.get(&k1).is_some_and(|s| s.contains(&m));
                assert_eq!(got, R::Int(want as i64), "{ctx}");
            }
            5 => {
                let got = sorted(q(&mut c, &["smembers", &k1]));
                assert_eq!(got, as_vec(model.get(&k1)), "{ctx}");
            }
            6 => {
                let got = sorted(q(&mut c, &["sinter", &k1, &k2]));
                let want: Vec<String> = get(&model, &k1)
                    .intersection(&get(&model, &k2))
                    .cloned()
                    .collect();
                assert_eq!(got, want, "{ctx}");
                let got = q(&mut c, &["sintercard", "2", &k1, &k2, "limit", "3"]);
                assert_eq!(got, R::Int(want.len().min(3) as i64), "{ctx}");
            }
            7 => {
                let got = sorted(q(&mut c, &["sunion", &k1, &k2, &k3]));
                let mut want = get(&model, &k1);
                want.extend(get(&model, &k2));
                want.extend(get(&model, &k3));
                assert_eq!(got, as_vec(Some(&want)), "{ctx}");
            }
            8 => {
                let got = sorted(q(&mut c, &["sdiff", &k1, &k2, &k3]));
                let want: BTreeSet<String> = get(&model, &k1)
                    .into_iter()
                    .filter(|m| !get(&model, &k2).contains(m) && !get(&model, &k3).contains(m))
                    .collect();
                assert_eq!(got, as_vec(Some(&want)), "{ctx}");
            }
            9 => {
                let (cmd, result): (&str, BTreeSet<String>) = match rnd(3) {
                    0 => (
                        "sinterstore",
                        get(&model, &k2)
                            .intersection(&get(&model, &k3))
                            .cloned()
                            .collect(),
                    ),
                    1 => (
                        "sunionstore",
                        get(&model, &k2).union(&get(&model, &k3)).cloned().collect(),
                    ),
                    _ => (
                        "sdiffstore",
                        get(&model, &k2)
                            .difference(&get(&model, &k3))
                            .cloned()
                            .collect(),
                    ),
                };
                let got = q(&mut c, &[cmd, &k1, &k2, &k3]);
                assert_eq!(got, R::Int(result.len() as i64), "{ctx} {cmd}");
                model.insert(k1.clone(), result);
            }
            10 => {
                let got = q(&mut c, &["smove", &k1, &k2, &m]);
                let has = model.get(&k1).is_some_and(|s| s.contains(&m));
                if has && k1 != k2 {
                    model.get_mut(&k1).unwrap().remove(&m);
                    model.entry(k2.clone()).or_default().insert(m.clone());
                }
                assert_eq!(got, R::Int(has as i64), "{ctx}");
            }
            11 => {
                let n = rnd(6);
                let got = strings(q(&mut c, &["spop", &k1, &n.to_string()]));
                let s = model.get(&k1).unwrap_or(&empty).clone();
                assert_eq!(got.len(), (n as usize).min(s.len()), "{ctx}");
                for m in &got {
                    assert!(model.get_mut(&k1).unwrap().remove(m), "{ctx}: {m}");
                }
            }
            12 => {
                let n = rnd(8) as i64 - 3;
                let got = strings(q(&mut c, &["srandmember", &k1, &n.to_string()]));
                let s = model.get(&k1).unwrap_or(&empty);
                let want = if n < 0 && !s.is_empty() {
                    n.unsigned_abs() as usize
                } else {
                    (n.max(0) as usize).min(s.len())
                };
                assert_eq!(got.len(), want, "{ctx}");
                assert!(got.iter().all(|m| s.contains(m)), "{ctx}");
            }
            _ => {
                let got = q(&mut c, &["scard", &k1]);
                assert_eq!(
                    got,
                    R::Int(model.get(&k1).map_or(0, |s| s.len() as i64)),
                    "{ctx}"
                );
            }
        }
        model.retain(|_, s| !s.is_empty());
        for k in keys {
            assert_eq!(
                q(&mut c, &["exists", k]),
                R::Int(model.contains_key(k) as i64),
                "{ctx}: {k}"
            );
        }
    }
}

/// SMOVE of a member the destination already holds changes only the source: a transaction
/// WATCHing the destination still runs, one WATCHing the source fails (replies from Redis 7.0).
#[test]
fn smove_touches_the_destination_for_watch_only_when_it_changes() {
    let server = Server::start(&[]);
    let mut c1 = server.client();
    let mut c2 = server.client();
    assert_eq!(c1.cmd_str(&["sadd", "src", "a", "b"]), ":2\r\n");
    assert_eq!(c1.cmd_str(&["sadd", "dst", "a"]), ":1\r\n");
    assert_eq!(c1.cmd_str(&["watch", "dst"]), "+OK\r\n");
    assert_eq!(c1.cmd_str(&["multi"]), "+OK\r\n");
    assert_eq!(c1.cmd_str(&["sadd", "dst", "c"]), "+QUEUED\r\n");
    assert_eq!(c2.cmd_str(&["smove", "src", "dst", "a"]), ":1\r\n");
    assert_eq!(c1.cmd_str(&["exec"]), "*1\r\n:1\r\n");
    assert_eq!(c1.cmd_str(&["watch", "dst"]), "+OK\r\n");
    assert_eq!(c1.cmd_str(&["multi"]), "+OK\r\n");
    assert_eq!(c1.cmd_str(&["ping"]), "+QUEUED\r\n");
    assert_eq!(c2.cmd_str(&["smove", "src", "dst", "b"]), ":1\r\n");
    assert_eq!(c1.cmd_str(&["exec"]), "*-1\r\n");
    assert_eq!(c2.cmd_str(&["sadd", "src", "x"]), ":1\r\n");
    assert_eq!(c2.cmd_str(&["sadd", "dst", "x"]), ":1\r\n");
    assert_eq!(c1.cmd_str(&["watch", "src"]), "+OK\r\n");
    assert_eq!(c1.cmd_str(&["multi"]), "+OK\r\n");
    assert_eq!(c1.cmd_str(&["ping"]), "+QUEUED\r\n");
    assert_eq!(c2.cmd_str(&["smove", "src", "dst", "x"]), ":1\r\n");
    assert_eq!(c1.cmd_str(&["exec"]), "*-1\r\n");
}

/// The STORE variants change only their destination: WATCHing a source key does not fail the
/// transaction, WATCHing the destination does (as Redis 7.0).
#[test]
fn store_commands_touch_only_the_destination_for_watch() {
    let server = Server::start(&[]);
    let mut c1 = server.client();
    let mut c2 = server.client();
    assert_eq!(c1.cmd_str(&["sadd", "a", "x", "y"]), ":2\r\n");
    assert_eq!(c1.cmd_str(&["sadd", "b", "y"]), ":1\r\n");
    for cmd in ["sinterstore", "sunionstore", "sdiffstore"] {
        assert_eq!(c1.cmd_str(&["watch", "a", "b"]), "+OK\r\n");
        assert_eq!(c1.cmd_str(&["multi"]), "+OK\r\n");
        assert_eq!(c1.cmd_str(&["ping"]), "+QUEUED\r\n");
        c2.cmd(&[cmd, "d", "a", "b"]);
        assert_eq!(c1.cmd_str(&["exec"]), "*1\r\n+PONG\r\n", "{cmd}");
        assert_eq!(c1.cmd_str(&["watch", "d"]), "+OK\r\n");
        assert_eq!(c1.cmd_str(&["multi"]), "+OK\r\n");
        assert_eq!(c1.cmd_str(&["ping"]), "+QUEUED\r\n");
        c2.cmd(&[cmd, "d", "a", "b"]);
        assert_eq!(c1.cmd_str(&["exec"]), "*-1\r\n", "{cmd}");
    }
}

/// Read commands count keyspace hits and misses as Redis's `lookupKeyRead` does; writes do not
/// (counts from redis-server 7.0.15 for the same sequence).
#[test]
fn set_reads_count_keyspace_hits_and_misses() {
    let server = Server::start(&[]);
    let mut c = server.client();
    for args in [
        &["sadd", "s", "a", "b"][..],
        &["scard", "s"],
        &["sismember", "nokey", "a"],
        &["smembers", "s"],
        &["sinter", "s", "nokey"],
        &["sunion", "s", "s"],
        &["srandmember", "s", "1"],
        &["sscan", "nokey", "0"],
        &["srem", "s", "a"],
        &["spop", "s", "5"],
        &["smove", "nokey", "t", "a"],
    ] {
        c.cmd(args);
    }
    let info = c.cmd_str(&["info", "stats"]);
    assert!(info.contains("keyspace_hits:7\r\n"), "{info}");
    assert!(info.contains("keyspace_misses:3\r\n"), "{info}");
}
