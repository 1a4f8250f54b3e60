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
    assert_eq!(c.cmd_str(&["smismember", "s", "c", "b", "d"]), "*3\r\n:1\r\n:0\r\n:1\r\n");
    assert_eq!(c.cmd_str(&["smismember", "nokey", "a", "b"]), "*2\r\n:0\r\n:0\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s", ""]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sismember", "s", ""]), ":1\r\n");
    assert_eq!(c.cmd_str(&["type", "s"]), "+set\r\n");
}

#[test]
fn set_arity_errors() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["sadd", "s"]), "-ERR wrong number of arguments for 'sadd' command\r\n");
    assert_eq!(c.cmd_str(&["sadd"]), "-ERR wrong number of arguments for 'sadd' command\r\n");
    assert_eq!(c.cmd_str(&["srem", "s"]), "-ERR wrong number of arguments for 'srem' command\r\n");
    assert_eq!(c.cmd_str(&["scard"]), "-ERR wrong number of arguments for 'scard' command\r\n");
    assert_eq!(c.cmd_str(&["sismember", "s"]), "-ERR wrong number of arguments for 'sismember' command\r\n");
    assert_eq!(c.cmd_str(&["smismember", "s"]), "-ERR wrong number of arguments for 'smismember' command\r\n");
    assert_eq!(c.cmd_str(&["smembers"]), "-ERR wrong number of arguments for 'smembers' command\r\n");
    assert_eq!(c.cmd_str(&["spop"]), "-ERR wrong number of arguments for 'spop' command\r\n");
    assert_eq!(c.cmd_str(&["srandmember"]), "-ERR wrong number of arguments for 'srandmember' command\r\n");
    assert_eq!(c.cmd_str(&["smove", "a", "b"]), "-ERR wrong number of arguments for 'smove' command\r\n");
    assert_eq!(c.cmd_str(&["sinter"]), "-ERR wrong number of arguments for 'sinter' command\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "1"]), "-ERR wrong number of arguments for 'sintercard' command\r\n");
    assert_eq!(c.cmd_str(&["sinterstore", "d"]), "-ERR wrong number of arguments for 'sinterstore' command\r\n");
    assert_eq!(c.cmd_str(&["sunion"]), "-ERR wrong number of arguments for 'sunion' command\r\n");
    assert_eq!(c.cmd_str(&["sunionstore", "d"]), "-ERR wrong number of arguments for 'sunionstore' command\r\n");
    assert_eq!(c.cmd_str(&["sdiff"]), "-ERR wrong number of arguments for 'sdiff' command\r\n");
    assert_eq!(c.cmd_str(&["sdiffstore", "d"]), "-ERR wrong number of arguments for 'sdiffstore' command\r\n");
    assert_eq!(c.cmd_str(&["sscan", "s"]), "-ERR wrong number of arguments for 'sscan' command\r\n");
    assert_eq!(c.cmd_str(&["scard", "s", "x"]), "-ERR wrong number of arguments for 'scard' command\r\n");
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
    assert_eq!(c.cmd_str(&["spop", "s", "2"]), "*2\r\n$1\r\nb\r\n$1\r\na\r\n");
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
    assert_eq!(c.cmd_str(&["spop", "one", "-1"]), "-ERR value is out of range, must be positive\r\n");
    assert_eq!(c.cmd_str(&["spop", "one", "x"]), "-ERR value is out of range, must be positive\r\n");
    assert_eq!(c.cmd_str(&["spop", "one", "1.5"]), "-ERR value is out of range, must be positive\r\n");
    assert_eq!(c.cmd_str(&["spop", "one", "1", "2"]), "-ERR syntax error\r\n");
    assert_eq!(c.cmd_str(&["spop", "one", "9223372036854775808"]), "-ERR value is out of range, must be positive\r\n");
    assert_eq!(c.cmd_str(&["spop", "one", "-9223372036854775808"]), "-ERR value is out of range, must be positive\r\n");
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
    assert_eq!(c.cmd_str(&["srandmember", "nokey", "x"]), "-ERR value is not an integer or out of range\r\n");
    assert_eq!(c.cmd_str(&["sadd", "one", "m"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one"]), "$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one", "1"]), "*1\r\n$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one", "5"]), "*1\r\n$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one", "-3"]), "*3\r\n$1\r\nm\r\n$1\r\nm\r\n$1\r\nm\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one", "0"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one", "x"]), "-ERR value is not an integer or out of range\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one", "1.5"]), "-ERR value is not an integer or out of range\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one", "-9223372036854775808"]), "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "one", "1", "2"]), "-ERR syntax error\r\n");
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
    assert_eq!(c.cmd_str(&["smove", "q2", "str", "x"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["smove", "str", "q2", "x"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["smove", "nokey", "str", "x"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["smove", "str", "nokey", "x"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
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
    assert_eq!(c.cmd_str(&["sadd", "str", "a"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["srem", "str", "a"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["scard", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sismember", "str", "a"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["smismember", "str", "a"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["smembers", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["spop", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["spop", "str", "2"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["srandmember", "str", "2"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sinter", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sadd", "q2", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sinter", "q2", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sinter", "nokey", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sinter", "str", "nokey"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sinterstore", "d", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sunion", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sunion", "q2", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sdiff", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sdiff", "nokey", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sdiffstore", "d", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sunionstore", "d", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "1", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "nokey", "str"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sscan", "str", "0"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    assert_eq!(c.cmd_str(&["sscan", "str", "x"]), "-ERR invalid cursor\r\n");
    assert_eq!(c.cmd_str(&["hset", "h", "f", "v"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sadd", "h", "m"]), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
}

#[test]
fn sinter_sintercard_sinterstore() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["sadd", "s1", "a", "b", "c", "d"]), ":4\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s2", "c", "d", "e"]), ":3\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s3", "d", "e", "f"]), ":3\r\n");
    assert_eq!(c.cmd_str(&["sinter", "s1", "s2", "s3"]), "*1\r\n$1\r\nd\r\n");
    assert_eq!(c.cmd_str(&["sinter", "s1", "nokey"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["sinter", "nokey", "s1"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "s2"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "3", "s1", "s2", "s3"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "nokey"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "1", "s1"]), ":4\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "s1"]), ":4\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "s2", "limit", "1"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "s2", "limit", "0"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "s2", "LIMIT", "5"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "s2", "limit", "1", "limit", "0"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "0", "s1"]), "-ERR numkeys should be greater than 0\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "-1", "s1"]), "-ERR numkeys should be greater than 0\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "x", "s1"]), "-ERR numkeys should be greater than 0\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "3", "s1", "s2"]), "-ERR Number of keys can't be greater than number of args\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "9223372036854775808", "s1"]), "-ERR numkeys should be greater than 0\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "s2", "limit", "-1"]), "-ERR LIMIT can't be negative\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "s2", "limit", "x"]), "-ERR LIMIT can't be negative\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "s2", "limit"]), "-ERR syntax error\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "2", "s1", "s2", "foo", "1"]), "-ERR syntax error\r\n");
    assert_eq!(c.cmd_str(&["sintercard", "1", "s1", "s2"]), "-ERR syntax error\r\n");
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
    assert_eq!(c.cmd_str(&["sdiff", "s3", "nokey", "s1", "s2"]), "*1\r\n$1\r\nf\r\n");
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
    assert_eq!(c.cmd_str(&["sscan", "si", "0"]), "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["sscan", "si", "0", "match", "a*"]), "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["sscan", "si", "0", "match", "b*"]), "*2\r\n$1\r\n0\r\n*0\r\n");
    assert_eq!(c.cmd_str(&["sscan", "si", "0", "count", "100", "match", "a"]), "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["sscan", "si", "0", "COUNT", "1", "MATCH", "*"]), "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["sscan", "nokey", "0"]), "*2\r\n$1\r\n0\r\n*0\r\n");
    assert_eq!(c.cmd_str(&["sscan", "si", "0", "count", "0"]), "-ERR syntax error\r\n");
    assert_eq!(c.cmd_str(&["sscan", "si", "0", "count", "x"]), "-ERR value is not an integer or out of range\r\n");
    assert_eq!(c.cmd_str(&["sscan", "si", "0", "type", "set"]), "-ERR syntax error\r\n");
    assert_eq!(c.cmd_str(&["sscan", "si", "0", "match"]), "-ERR syntax error\r\n");
    assert_eq!(c.cmd_str(&["sscan", "si", "x"]), "-ERR invalid cursor\r\n");
    assert_eq!(c.cmd_str(&["sscan", "si", "18446744073709551616"]), "-ERR invalid cursor\r\n");
    assert_eq!(c.cmd_str(&["sscan", "nokey", "x"]), "-ERR invalid cursor\r\n");
    assert_eq!(c.cmd_str(&["sscan", "nokey", "0", "count", "0"]), "*2\r\n$1\r\n0\r\n*0\r\n");
}

#[test]
fn set_type_and_scan_type() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["sadd", "s", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["set", "str", "v"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["type", "s"]), "+set\r\n");
    assert_eq!(c.cmd_str(&["scan", "0", "type", "set"]), "*2\r\n$1\r\n0\r\n*1\r\n$1\r\ns\r\n");
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
    assert_eq!(c.cmd_str(&["srandmember", "s", "-2"]), "*2\r\n$1\r\na\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["smismember", "s", "a", "b"]), "*2\r\n:1\r\n:0\r\n");
    assert_eq!(c.cmd_str(&["sismember", "s", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["sscan", "s", "0"]), "*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["spop", "s", "3"]), "~1\r\n$1\r\na\r\n");
    assert_eq!(c.cmd_str(&["exists", "s"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s", "b"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["spop", "s"]), "$1\r\nb\r\n");
}
