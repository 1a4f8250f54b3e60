mod common;
use common::Server;

#[test]
fn hset_hget_hgetall_keep_insertion_order() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["hset", "h", "f1", "v1", "f2", "v2"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["hset", "h", "f1", "x", "f3", "v3"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["hmset", "h", "f1", "y", "f4", "v4"]), "+OK\r\n");
    assert_eq!(
        c.cmd_str(&["hgetall", "h"]),
        "*8\r\n$2\r\nf1\r\n$1\r\ny\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\nf3\r\n$2\r\nv3\r\n$2\r\nf4\r\n$2\r\nv4\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hkeys", "h"]),
        "*4\r\n$2\r\nf1\r\n$2\r\nf2\r\n$2\r\nf3\r\n$2\r\nf4\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hvals", "h"]),
        "*4\r\n$1\r\ny\r\n$2\r\nv2\r\n$2\r\nv3\r\n$2\r\nv4\r\n"
    );
    assert_eq!(c.cmd_str(&["hlen", "h"]), ":4\r\n");
    assert_eq!(c.cmd_str(&["hget", "h", "f1"]), "$1\r\ny\r\n");
    assert_eq!(c.cmd_str(&["hget", "h", "nosuch"]), "$-1\r\n");
    assert_eq!(
        c.cmd_str(&["hmget", "h", "f1", "nosuch", "f2"]),
        "*3\r\n$1\r\ny\r\n$-1\r\n$2\r\nv2\r\n"
    );
    assert_eq!(c.cmd_str(&["hsetnx", "h", "f1", "z"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["hsetnx", "h", "f9", "z"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["hsetnx", "newh", "f", "z"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["hstrlen", "h", "f1"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["hstrlen", "h", "nosuch"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["hexists", "h", "f1"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["hexists", "h", "nosuch"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["hdel", "h", "f1", "nosuch", "f2"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["hdel", "h", "nosuch"]), ":0\r\n");
    assert_eq!(
        c.cmd_str(&["hgetall", "h"]),
        "*6\r\n$2\r\nf3\r\n$2\r\nv3\r\n$2\r\nf4\r\n$2\r\nv4\r\n$2\r\nf9\r\n$1\r\nz\r\n"
    );
    assert_eq!(c.cmd_str(&["hset", "h", "f1", "again"]), ":1\r\n");
    assert_eq!(
        c.cmd_str(&["hgetall", "h"]),
        "*8\r\n$2\r\nf3\r\n$2\r\nv3\r\n$2\r\nf4\r\n$2\r\nv4\r\n$2\r\nf9\r\n$1\r\nz\r\n$2\r\nf1\r\n$5\r\nagain\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hset", "h", "", "", "with space", "a\\r\\nb"]),
        ":2\r\n"
    );
    assert_eq!(c.cmd_str(&["hget", "h", ""]), "$0\r\n\r\n");
    assert_eq!(
        c.cmd_str(&["hget", "h", "with space"]),
        "$6\r\na\\r\\nb\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hgetall", "h"]),
        "*12\r\n$2\r\nf3\r\n$2\r\nv3\r\n$2\r\nf4\r\n$2\r\nv4\r\n$2\r\nf9\r\n$1\r\nz\r\n$2\r\nf1\r\n$5\r\nagain\r\n$0\r\n\r\n$0\r\n\r\n$10\r\nwith space\r\n$6\r\na\\r\\nb\r\n"
    );
    assert_eq!(c.cmd_str(&["type", "h"]), "+hash\r\n");
}

#[test]
fn hash_missing_keys() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["hget", "nokey", "f"]), "$-1\r\n");
    assert_eq!(
        c.cmd_str(&["hmget", "nokey", "a", "b"]),
        "*2\r\n$-1\r\n$-1\r\n"
    );
    assert_eq!(c.cmd_str(&["hstrlen", "nokey", "f"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["hexists", "nokey", "f"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["hdel", "nokey", "f"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["hgetall", "nokey"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["hkeys", "nokey"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["hvals", "nokey"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["hlen", "nokey"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["hrandfield", "nokey"]), "$-1\r\n");
    assert_eq!(c.cmd_str(&["hrandfield", "nokey", "3"]), "*0\r\n");
    assert_eq!(
        c.cmd_str(&["hrandfield", "nokey", "-3", "withvalues"]),
        "*0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "nokey", "0"]),
        "*2\r\n$1\r\n0\r\n*0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "nokey", "0", "count", "0"]),
        "*2\r\n$1\r\n0\r\n*0\r\n"
    );
    assert_eq!(c.cmd_str(&["type", "nokey"]), "+none\r\n");
    assert_eq!(c.cmd_str(&["exists", "nokey"]), ":0\r\n");
}

#[test]
fn hash_arity_errors() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(
        c.cmd_str(&["hset", "h", "f1"]),
        "-ERR wrong number of arguments for 'hset' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hset", "h"]),
        "-ERR wrong number of arguments for 'hset' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hset", "h", "a", "b", "c"]),
        "-ERR wrong number of arguments for 'hset' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hmset", "h", "a"]),
        "-ERR wrong number of arguments for 'hmset' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hmset", "h", "a", "b", "c"]),
        "-ERR wrong number of arguments for 'hmset' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hget", "h"]),
        "-ERR wrong number of arguments for 'hget' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hgetall", "h", "x"]),
        "-ERR wrong number of arguments for 'hgetall' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hlen"]),
        "-ERR wrong number of arguments for 'hlen' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hkeys"]),
        "-ERR wrong number of arguments for 'hkeys' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hvals"]),
        "-ERR wrong number of arguments for 'hvals' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hstrlen", "h"]),
        "-ERR wrong number of arguments for 'hstrlen' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hexists", "h"]),
        "-ERR wrong number of arguments for 'hexists' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "h", "f"]),
        "-ERR wrong number of arguments for 'hincrby' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "h", "f"]),
        "-ERR wrong number of arguments for 'hincrbyfloat' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hsetnx", "h", "f"]),
        "-ERR wrong number of arguments for 'hsetnx' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield"]),
        "-ERR wrong number of arguments for 'hrandfield' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "h"]),
        "-ERR wrong number of arguments for 'hscan' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hmget", "h"]),
        "-ERR wrong number of arguments for 'hmget' command\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hdel", "h"]),
        "-ERR wrong number of arguments for 'hdel' command\r\n"
    );
}

#[test]
fn hash_emptied_key_is_deleted() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["hset", "h", "a", "1", "b", "2"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["expire", "h", "100"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["hset", "h", "c", "3"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["ttl", "h"]), ":100\r\n");
    assert_eq!(c.cmd_str(&["hdel", "h", "a", "b", "c", "d"]), ":3\r\n");
    assert_eq!(c.cmd_str(&["exists", "h"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["ttl", "h"]), ":-2\r\n");
    assert_eq!(c.cmd_str(&["hset", "h", "a", "1"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["ttl", "h"]), ":-1\r\n");
    assert_eq!(c.cmd_str(&["hdel", "h", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["exists", "h"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["hset", "h", "a", "1", "b", "2"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["hdel", "h", "a", "a", "b"]), ":2\r\n");
    assert_eq!(c.cmd_str(&["exists", "h"]), ":0\r\n");
}

#[test]
fn hincrby_values_and_errors() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(
        c.cmd_str(&[
            "hset",
            "n",
            "i",
            "10",
            "s",
            "abc",
            "big",
            "9223372036854775807",
            "neg",
            "-9223372036854775808",
            "fl",
            "1.5",
            "sp",
            " 1",
            "lz",
            "01"
        ]),
        ":7\r\n"
    );
    assert_eq!(c.cmd_str(&["hincrby", "n", "i", "5"]), ":15\r\n");
    assert_eq!(c.cmd_str(&["hincrby", "n", "i", "-20"]), ":-5\r\n");
    assert_eq!(c.cmd_str(&["hincrby", "n", "new", "3"]), ":3\r\n");
    assert_eq!(
        c.cmd_str(&["hincrby", "n", "s", "1"]),
        "-ERR hash value is not an integer\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "n", "fl", "1"]),
        "-ERR hash value is not an integer\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "n", "sp", "1"]),
        "-ERR hash value is not an integer\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "n", "lz", "1"]),
        "-ERR hash value is not an integer\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "n", "big", "1"]),
        "-ERR increment or decrement would overflow\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "n", "big", "0"]),
        ":9223372036854775807\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "n", "neg", "-1"]),
        "-ERR increment or decrement would overflow\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "n", "big", "-1"]),
        ":9223372036854775806\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "n", "i", "abc"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "n", "i", "1.5"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "n", "i", "99999999999999999999"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "n", "i", ""]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(c.cmd_str(&["hincrby", "fresh", "f", "7"]), ":7\r\n");
    assert_eq!(
        c.cmd_str(&["hgetall", "fresh"]),
        "*2\r\n$1\r\nf\r\n$1\r\n7\r\n"
    );
    assert_eq!(c.cmd_str(&["hget", "n", "i"]), "$2\r\n-5\r\n");
}

#[test]
fn hincrbyfloat_values_and_errors() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(
        c.cmd_str(&[
            "hset", "n", "i", "10", "s", "abc", "fl", "1.5", "sp", " 1", "inf", "inf", "e", "1e3"
        ]),
        ":6\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "fl", "0.1"]),
        "$3\r\n1.6\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "fl", "1e3"]),
        "$22\r\n1001.59999999999999998\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "i", "2.5"]),
        "$4\r\n12.5\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "nf", "3.0e3"]),
        "$4\r\n3000\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "e", "1"]),
        "$4\r\n1001\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "i", "-12.5"]),
        "$1\r\n0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "s", "1"]),
        "-ERR hash value is not a float\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "sp", "1"]),
        "-ERR hash value is not a float\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "inf", "1"]),
        "-ERR increment would produce NaN or Infinity\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "fl", "abc"]),
        "-ERR value is not a valid float\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "fl", "inf"]),
        "-ERR value is NaN or Infinity\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "fl", "-inf"]),
        "-ERR value is NaN or Infinity\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "fl", "nan"]),
        "-ERR value is not a valid float\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "fl", " 1"]),
        "-ERR value is not a valid float\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "fl", ""]),
        "-ERR value is not a valid float\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "fl", "0x10"]),
        "$22\r\n1017.59999999999999998\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "fl", "1.7976931348623157e308"]),
        "$309\r\n179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863339536384\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "big", "1.5e308"]),
        "$309\r\n149999999999999999999901476489468468031016840965060944967133685421180106066691046036756664728216022031902928370522024964340854582506645209487860806577896175175227643677561112877760303256738896516844124921428435196017215141331511736789270744288327321353040504243421434090049846615188904452633296864511849922560\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "n", "big", "1.5e308"]),
        "$309\r\n299999999999999999999802952978936936062033681930121889934267370842360212133382092073513329456432044063805856741044049928681709165013290418975721613155792350350455287355122225755520606513477793033688249842856870392034430282663023473578541488576654642706081008486842868180099693230377808905266593729023699845120\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hget", "n", "big"]),
        "$309\r\n299999999999999999999802952978936936062033681930121889934267370842360212133382092073513329456432044063805856741044049928681709165013290418975721613155792350350455287355122225755520606513477793033688249842856870392034430282663023473578541488576654642706081008486842868180099693230377808905266593729023699845120\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "fresh", "f", "1.25"]),
        "$4\r\n1.25\r\n"
    );
    assert_eq!(c.cmd_str(&["hget", "fresh", "f"]), "$4\r\n1.25\r\n");
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "s2", "f", "0.1"]),
        "$3\r\n0.1\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "s2", "f", "0.2"]),
        "$3\r\n0.3\r\n"
    );
}

#[test]
fn hash_commands_against_wrong_type() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["set", "str", "v"]), "+OK\r\n");
    assert_eq!(
        c.cmd_str(&["hset", "str", "f", "v"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hmset", "str", "a", "b"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hsetnx", "str", "f", "v"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hget", "str", "f"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hmget", "str", "f"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hdel", "str", "f"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hlen", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hstrlen", "str", "f"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hexists", "str", "f"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hkeys", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hvals", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hgetall", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "str", "f", "1"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "str", "f", "1"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrby", "str", "f", "x"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "str", "f", "x"]),
        "-ERR value is not a valid float\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "str"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "str", "1"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "str", "x"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "str", "0"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(c.cmd_str(&["hscan", "str", "x"]), "-ERR invalid cursor\r\n");
    assert_eq!(
        c.cmd_str(&["hscan", "str", "0", "count", "0"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
    assert_eq!(c.cmd_str(&["get", "str"]), "$1\r\nv\r\n");
    assert_eq!(c.cmd_str(&["sadd", "s", "m"]), ":1\r\n");
    assert_eq!(
        c.cmd_str(&["hget", "s", "f"]),
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    );
}

#[test]
fn hrandfield_counts_and_errors() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["hset", "one", "f", "v"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["hrandfield", "one"]), "$1\r\nf\r\n");
    assert_eq!(c.cmd_str(&["hrandfield", "one", "1"]), "*1\r\n$1\r\nf\r\n");
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "-3"]),
        "*3\r\n$1\r\nf\r\n$1\r\nf\r\n$1\r\nf\r\n"
    );
    assert_eq!(c.cmd_str(&["hrandfield", "one", "5"]), "*1\r\n$1\r\nf\r\n");
    assert_eq!(c.cmd_str(&["hrandfield", "one", "0"]), "*0\r\n");
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "-2", "withvalues"]),
        "*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\nf\r\n$1\r\nv\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "2", "withvalues"]),
        "*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "1", "withvalues"]),
        "*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "0", "withvalues"]),
        "*0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "1", "WITHVALUES"]),
        "*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "1", "withvalue"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "1", "withvalues", "x"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "x"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "1.5"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "x", "withvalues"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "-9223372036854775808"]),
        "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "-9223372036854775807", "withvalues"]),
        "-ERR value is out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "9223372036854775807", "withvalues"]),
        "-ERR value is out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "4611686018427387904", "withvalues"]),
        "-ERR value is out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "-4611686018427387904", "withvalues"]),
        "-ERR value is out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "nokey", "x"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "nokey", "3", "x"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hset", "h2", "a", "1", "b", "2", "c", "3", "d", "4"]),
        ":4\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "h2", "4"]),
        "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "h2", "10", "withvalues"]),
        "*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "h2", "4", "withvalues"]),
        "*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n"
    );
}

#[test]
fn hscan_options_and_errors() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["hset", "one", "f", "v", "g", "w"]), ":2\r\n");
    assert_eq!(
        c.cmd_str(&["hscan", "one", "0"]),
        "*2\r\n$1\r\n0\r\n*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\ng\r\n$1\r\nw\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", "0", "count", "5", "match", "f*"]),
        "*2\r\n$1\r\n0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", "0", "MATCH", "g*", "COUNT", "1"]),
        "*2\r\n$1\r\n0\r\n*2\r\n$1\r\ng\r\n$1\r\nw\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", "0", "match", "x*"]),
        "*2\r\n$1\r\n0\r\n*0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", "0", "match", "*"]),
        "*2\r\n$1\r\n0\r\n*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\ng\r\n$1\r\nw\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", "0", "match"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", "0", "count", "0"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", "0", "count", "-1"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", "0", "count", "x"]),
        "-ERR value is not an integer or out of range\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", "0", "type", "hash"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", "0", "foo", "bar"]),
        "-ERR syntax error\r\n"
    );
    assert_eq!(c.cmd_str(&["hscan", "one", "x"]), "-ERR invalid cursor\r\n");
    assert_eq!(
        c.cmd_str(&["hscan", "one", "-1"]),
        "*2\r\n$1\r\n0\r\n*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\ng\r\n$1\r\nw\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", ""]),
        "*2\r\n$1\r\n0\r\n*4\r\n$1\r\nf\r\n$1\r\nv\r\n$1\r\ng\r\n$1\r\nw\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", " 0"]),
        "-ERR invalid cursor\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", "18446744073709551616"]),
        "-ERR invalid cursor\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "nokey", "x"]),
        "-ERR invalid cursor\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "nokey", "0", "count", "0", "type", "x"]),
        "*2\r\n$1\r\n0\r\n*0\r\n"
    );
}

#[test]
fn hash_type_and_scan_type() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_str(&["hset", "h", "a", "1"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["set", "s", "v"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["type", "h"]), "+hash\r\n");
    assert_eq!(
        c.cmd_str(&["scan", "0", "type", "hash"]),
        "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nh\r\n"
    );
    assert_eq!(
        c.cmd_str(&["scan", "0", "type", "HASH"]),
        "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nh\r\n"
    );
    assert_eq!(c.cmd_str(&["rename", "h", "h2"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["hget", "h2", "a"]), "$1\r\n1\r\n");
    assert_eq!(c.cmd_str(&["copy", "h2", "h3"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["hset", "h3", "a", "2"]), ":0\r\n");
    assert_eq!(c.cmd_str(&["hget", "h2", "a"]), "$1\r\n1\r\n");
    assert_eq!(c.cmd_str(&["hget", "h3", "a"]), "$1\r\n2\r\n");
    assert_eq!(c.cmd_str(&["move", "h3", "1"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["select", "1"]), "+OK\r\n");
    assert_eq!(c.cmd_str(&["hget", "h3", "a"]), "$1\r\n2\r\n");
}

#[test]
fn hash_commands_resp3() {
    let server = Server::start(&[]);
    let mut c = server.client();
    c.cmd(&["hello", "3"]);
    assert_eq!(c.cmd_str(&["hset", "h", "a", "1", "b", "2"]), ":2\r\n");
    assert_eq!(
        c.cmd_str(&["hgetall", "h"]),
        "%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"
    );
    assert_eq!(c.cmd_str(&["hgetall", "nokey"]), "%0\r\n");
    assert_eq!(c.cmd_str(&["hkeys", "h"]), "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    assert_eq!(c.cmd_str(&["hkeys", "nokey"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["hvals", "nokey"]), "*0\r\n");
    assert_eq!(c.cmd_str(&["hget", "h", "a"]), "$1\r\n1\r\n");
    assert_eq!(c.cmd_str(&["hget", "h", "x"]), "_\r\n");
    assert_eq!(c.cmd_str(&["hget", "nokey", "x"]), "_\r\n");
    assert_eq!(
        c.cmd_str(&["hmget", "h", "a", "x", "b"]),
        "*3\r\n$1\r\n1\r\n_\r\n$1\r\n2\r\n"
    );
    assert_eq!(c.cmd_str(&["hmget", "nokey", "x"]), "*1\r\n_\r\n");
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "h", "a", "1.5"]),
        "$3\r\n2.5\r\n"
    );
    assert_eq!(c.cmd_str(&["hincrby", "h", "b", "1"]), ":3\r\n");
    assert_eq!(c.cmd_str(&["hexists", "h", "a"]), ":1\r\n");
    assert_eq!(c.cmd_str(&["hrandfield", "nokey"]), "_\r\n");
    assert_eq!(c.cmd_str(&["hrandfield", "nokey", "2"]), "*0\r\n");
    assert_eq!(
        c.cmd_str(&["hrandfield", "nokey", "2", "withvalues"]),
        "*0\r\n"
    );
    assert_eq!(c.cmd_str(&["hset", "one", "f", "v"]), ":1\r\n");
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "-2", "withvalues"]),
        "*2\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "2", "withvalues"]),
        "*1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "1", "withvalues"]),
        "*1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "0", "withvalues"]),
        "*0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hrandfield", "one", "-2"]),
        "*2\r\n$1\r\nf\r\n$1\r\nf\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "one", "0"]),
        "*2\r\n$1\r\n0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hscan", "nokey", "0"]),
        "*2\r\n$1\r\n0\r\n*0\r\n"
    );
    assert_eq!(
        c.cmd_str(&["hset", "h"]),
        "-ERR wrong number of arguments for 'hset' command\r\n"
    );
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
fn hincrbyfloat_rejects_a_value_with_a_nul_byte() {
    let server = Server::start(&[]);
    let mut c = server.client();
    assert_eq!(c.cmd_bytes(&[b"hset", b"h", b"f", b"1\x002"]), b":1\r\n");
    assert_eq!(
        c.cmd_str(&["hincrbyfloat", "h", "f", "1"]),
        "-ERR hash value is not a float\r\n"
    );
    assert_eq!(
        c.cmd_bytes(&[b"hincrbyfloat", b"h", b"g", b"1\x002"]),
        b"-ERR value is not a valid float\r\n"
    );
}

#[test]
fn hrandfield_counts_on_a_big_hash() {
    let server = Server::start(&[]);
    let mut c = server.client();
    let mut args = vec!["hset".to_string(), "h".to_string()];
    for i in 0..500 {
        args.push(format!("f{i}"));
        args.push(format!("v{i}"));
    }
    let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    assert_eq!(c.cmd_str(&refs), ":500\r\n");
    // Positive counts: distinct fields, min(count, size) of them; both sampling strategies.
    for count in [1usize, 10, 100, 166, 167, 400, 499, 500, 1000] {
        let got = strings(q(&mut c, &["hrandfield", "h", &count.to_string()]));
        assert_eq!(got.len(), count.min(500), "count {count}");
        let mut uniq = got.clone();
        uniq.sort();
        uniq.dedup();
        assert_eq!(uniq.len(), got.len(), "count {count}: repeats");
        assert!(got.iter().all(|f| f.starts_with('f')));
    }
    // Negative counts: exactly |count| fields, repeats allowed (and certain for 2000 > 500).
    let got = strings(q(&mut c, &["hrandfield", "h", "-2000"]));
    assert_eq!(got.len(), 2000);
    let mut uniq = got.clone();
    uniq.sort();
    uniq.dedup();
    assert!(uniq.len() < 2000);
    // WITHVALUES: pairs that belong together.
    let got = strings(q(&mut c, &["hrandfield", "h", "50", "withvalues"]));
    assert_eq!(got.len(), 100);
    for pair in got.chunks(2) {
        assert_eq!(pair[0][1..], pair[1][1..]);
    }
    let got = strings(q(&mut c, &["hrandfield", "h", "-30", "withvalues"]));
    assert_eq!(got.len(), 60);
    // RESP3 WITHVALUES: an array of [field, value] pairs.
    c.cmd(&["hello", "3"]);
    match q(&mut c, &["hrandfield", "h", "7", "withvalues"]) {
        R::Arr(items) => {
            assert_eq!(items.len(), 7);
            for it in items {
                let pair = strings(it);
                assert_eq!(pair[0][1..], pair[1][1..]);
            }
        }
        other => panic!("{other:?}"),
    }
    // Without a count: one field, randomly (all 500 fields are equally likely: see many).
    let mut seen = std::collections::HashSet::new();
    for _ in 0..300 {
        match q(&mut c, &["hrandfield", "h"]) {
            R::Bulk(f) => {
                seen.insert(f);
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(seen.len() > 150, "only {} distinct fields", seen.len());
}

/// HSCAN over a big hash, while fields are deleted and added between calls: every field present
/// for the whole scan is returned at least once, and the scan ends at cursor 0.
#[test]
fn hscan_guarantee_under_concurrent_changes() {
    let server = Server::start(&[]);
    let mut c = server.client();
    for i in 0..1000 {
        c.cmd(&["hset", "h", &format!("f{i}"), &i.to_string()]);
    }
    let mut seen = std::collections::HashSet::new();
    let mut cursor = "0".to_string();
    let mut step = 0;
    loop {
        let r = q(&mut c, &["hscan", "h", &cursor, "count", "37"]);
        let R::Arr(parts) = r else { panic!() };
        let R::Bulk(next) = &parts[0] else { panic!() };
        let items = strings(parts[1].clone());
        assert_eq!(items.len() % 2, 0);
        for pair in items.chunks(2) {
            if pair[0].starts_with('f') {
                assert_eq!(pair[0][1..], pair[1]);
            }
            seen.insert(pair[0].clone());
        }
        cursor = String::from_utf8(next.clone()).unwrap();
        // Churn: delete the fields 500.. (in steps), add new ones.
        c.cmd(&["hdel", "h", &format!("f{}", 500 + step * 3)]);
        c.cmd(&["hset", "h", &format!("new{step}"), "x"]);
        step += 1;
        if cursor == "0" {
            break;
        }
        assert!(step < 1000, "scan does not end");
    }
    for i in 0..500 {
        assert!(seen.contains(&format!("f{i}")), "f{i} never returned");
    }
    // MATCH filters fields; COUNT 1000 gets everything in one call.
    let r = q(
        &mut c,
        &["hscan", "h", "0", "match", "f1?", "count", "5000"],
    );
    let R::Arr(parts) = r else { panic!() };
    assert_eq!(parts[0], R::Bulk(b"0".to_vec()));
    let mut fields: Vec<String> = strings(parts[1].clone()).into_iter().step_by(2).collect();
    fields.sort();
    let want: Vec<String> = (10..20).map(|i| format!("f{i}")).collect();
    assert_eq!(fields, want);
}

/// Random commands against ferrokv and a model (a HashMap of field -> value per key); replies
/// are compared, sorted where Redis's order is unspecified.
#[test]
fn hashes_match_a_model_under_random_commands() {
    use std::collections::HashMap;
    let server = Server::start(&[]);
    let mut c = server.client();
    let mut model: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut seed: u64 = 0x1234_5678_9abc_def0;
    let mut rnd = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let keys = ["h1", "h2", "h3"];
    for step in 0..6000 {
        let key = keys[rnd(3) as usize].to_string();
        let field = format!("f{}", rnd(40));
        let value = format!("{}", rnd(100) as i64 - 50);
        let h = model.get(&key);
        let ctx = format!("step {step}");
        match rnd(11) {
            0 | 1 => {
                let field2 = format!("f{}", rnd(40));
                let got = q(&mut c, &["hset", &key, &field, &value, &field2, "v"]);
                let m = model.entry(key.clone()).or_default();
                let mut created = 0;
                if m.insert(field.clone(), value.clone()).is_none() {
                    created += 1;
                }
                if m.insert(field2.clone(), "v".into()).is_none() {
                    created += 1;
                }
                assert_eq!(got, R::Int(created), "{ctx}");
            }
            2 => {
                let got = q(&mut c, &["hget", &key, &field]);
                let want = h
                    .and_then(|h| h.get(&field))
                    .map_or(R::Nil, |v| R::Bulk(v.clone().into_bytes()));
                assert_eq!(got, want, "{ctx}");
            }
            3 => {
                let got = q(&mut c, &["hdel", &key, &field]);
                let removed = model.get_mut(&key).and_then(|m| m.remove(&field)).is_some();
                if model.get(&key).is_some_and(|m| m.is_empty()) {
                    model.remove(&key);
                }
                assert_eq!(got, R::Int(removed as i64), "{ctx}");
            }
            4 => {
                let got = q(&mut c, &["hlen", &key]);
                assert_eq!(got, R::Int(h.map_or(0, |h| h.len() as i64)), "{ctx}");
            }
            5 => {
                let mut got = strings(q(&mut c, &["hgetall", &key]))
                    .chunks(2)
                    .map(|p| (p[0].clone(), p[1].clone()))
                    .collect::<Vec<_>>();
                got.sort();
                let mut want: Vec<(String, String)> = h
                    .map(|h| h.iter().map(|(f, v)| (f.clone(), v.clone())).collect())
                    .unwrap_or_default();
                want.sort();
                assert_eq!(got, want, "{ctx}");
            }
            6 => {
                let got = q(&mut c, &["hincrby", &key, &field, "3"]);
                let m = model.entry(key.clone()).or_default();
                let cur = m.get(&field).cloned().unwrap_or("0".into());
                match cur.parse::<i64>() {
                    Ok(n) => {
                        m.insert(field.clone(), (n + 3).to_string());
                        assert_eq!(got, R::Int(n + 3), "{ctx}");
                    }
                    Err(_) => assert_eq!(
                        got,
                        R::Err("ERR hash value is not an integer".into()),
                        "{ctx}"
                    ),
                }
            }
            7 => {
                let got = q(&mut c, &["hsetnx", &key, &field, &value]);
                let m = model.entry(key.clone()).or_default();
                let set = !m.contains_key(&field);
                if set {
                    m.insert(field.clone(), value.clone());
                }
                assert_eq!(got, R::Int(set as i64), "{ctx}");
            }
            8 => {
                let got = q(&mut c, &["exists", &key]);
                assert_eq!(got, R::Int(h.is_some() as i64), "{ctx}");
            }
            9 => {
                let n = rnd(10) as i64 - 3;
                let got = strings(q(&mut c, &["hrandfield", &key, &n.to_string()]));
                let size = h.map_or(0, |h| h.len());
                let want_len = if n < 0 && size > 0 {
                    n.unsigned_abs() as usize
                } else {
                    (n.max(0) as usize).min(size)
                };
                assert_eq!(got.len(), want_len, "{ctx}");
                assert!(got.iter().all(|f| h.unwrap().contains_key(f)), "{ctx}");
            }
            _ => {
                let mut got: Vec<String> = strings(q(&mut c, &["hkeys", &key]));
                got.sort();
                let mut want: Vec<String> =
                    h.map(|h| h.keys().cloned().collect()).unwrap_or_default();
                want.sort();
                assert_eq!(got, want, "{ctx}");
            }
        }
    }
}

/// Up to hash-max-listpack-entries fields a hash keeps Redis's listpack order: insertion order,
/// deleted fields leave no gap, re-added ones go to the end (checked against redis-server 7.0.15
/// with 300 fields, its default limit being 512 in this build).
#[test]
fn small_hashes_keep_redis_listpack_order_through_deletions() {
    let server = Server::start(&[]);
    let mut c = server.client();
    let mut args = vec!["hset".to_string(), "big".to_string()];
    for i in 0..300 {
        args.push(format!("f{i}"));
        args.push(format!("v{i}"));
    }
    let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    assert_eq!(c.cmd_str(&refs), ":300\r\n");
    assert_eq!(
        c.cmd_str(&["hdel", "big", "f5", "f100", "f299", "f0"]),
        ":4\r\n"
    );
    assert_eq!(c.cmd_str(&["hset", "big", "f5", "x"]), ":1\r\n");
    let mut want: Vec<String> = (0..300)
        .filter(|i| ![0, 5, 100, 299].contains(i))
        .map(|i| format!("f{i}"))
        .collect();
    want.push("f5".into());
    assert_eq!(strings(q(&mut c, &["hkeys", "big"])), want);
}

/// Read commands count keyspace hits and misses as Redis's `lookupKeyRead` does; writes do not
/// (counts from redis-server 7.0.15 for the same sequence).
#[test]
fn hash_reads_count_keyspace_hits_and_misses() {
    let server = Server::start(&[]);
    let mut c = server.client();
    for args in [
        &["hset", "h", "a", "1"][..],
        &["hget", "h", "a"],
        &["hget", "h", "nofield"],
        &["hmget", "nokey", "a"],
        &["hgetall", "h"],
        &["hrandfield", "h"],
        &["hscan", "h", "0"],
        &["hexists", "nokey", "a"],
        &["hincrby", "h", "a", "1"],
        &["hdel", "h", "a"],
    ] {
        c.cmd(args);
    }
    let info = c.cmd_str(&["info", "stats"]);
    assert!(info.contains("keyspace_hits:5\r\n"), "{info}");
    assert!(info.contains("keyspace_misses:2\r\n"), "{info}");
}
