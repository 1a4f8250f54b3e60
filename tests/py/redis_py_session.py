"""An application session through redis-py against a server on 127.0.0.1:PORT, in RESP2 and
RESP3. Run by tests/redis_py.rs when Python has the `redis` package; usable by hand:

    python3 tests/py/redis_py_session.py PORT
"""

import sys

import redis


def session(port: int, protocol: int) -> None:
    r = redis.Redis(host="127.0.0.1", port=port, protocol=protocol, decode_responses=True)
    assert r.ping() is True
    info = r.client_info()
    assert int(info["resp"]) == protocol, info
    r.flushdb()

    assert r.set("user:1", "Ada") is True
    assert r.get("user:1") == "Ada"
    assert r.get("missing") is None
    assert r.mset({"a": "1", "b": "2"}) is True
    assert r.mget(["a", "missing", "b"]) == ["1", None, "2"]
    assert r.incr("visits") == 1
    assert r.incrby("visits", 41) == 42
    assert r.incrbyfloat("ratio", 0.5) == 0.5
    assert r.append("a", "23") == 3
    assert r.set("nx", "1", nx=True) is True
    assert r.set("nx", "2", nx=True) is None
    assert r.set("old", "v1") is True
    assert r.set("old", "v2", get=True) == "v1"
    assert r.getdel("old") == "v2"

    assert r.expire("user:1", 100) is True
    assert 99 <= r.ttl("user:1") <= 100
    assert r.ttl("a") == -1
    assert r.ttl("missing") == -2
    assert r.set("session", "tok", ex=60) is True
    assert 59_000 < r.pttl("session") <= 60_000
    assert r.persist("session") is True

    assert r.exists("a", "b", "missing") == 2
    assert r.delete("a", "b", "missing") == 2
    assert r.exists("a") == 0

    pipe = r.pipeline(transaction=False)
    pipe.set("p", "x").get("p").incr("pc").mget("pc", "missing").getdel("p")
    assert pipe.execute() == [True, "x", 1, ["1", None], "x"]

    r.set("text", "not a number")
    try:
        r.incr("text")
        raise AssertionError("INCR of text did not fail")
    except redis.ResponseError as e:
        assert str(e) == "value is not an integer or out of range", str(e)
    try:
        r.execute_command("NOSUCHCMD", "x")
        raise AssertionError("unknown command did not fail")
    except redis.ResponseError as e:
        assert str(e).startswith("unknown command 'NOSUCHCMD'"), str(e)
    try:
        r.rename("missing", "x")
        raise AssertionError("RENAME of a missing key did not fail")
    except redis.ResponseError as e:
        assert str(e) == "no such key", str(e)
    pipe = r.pipeline(transaction=False)
    pipe.set("q", "1").incr("text").get("q")
    res = pipe.execute(raise_on_error=False)
    assert res[0] is True and isinstance(res[1], redis.ResponseError) and res[2] == "1", res
    assert r.ping() is True

    binary = redis.Redis(host="127.0.0.1", port=port, protocol=protocol)
    blob = bytes(range(256)) * 4
    assert binary.set("blob", blob) is True
    assert binary.get("blob") == blob
    assert binary.getrange("blob", 0, 3) == bytes([0, 1, 2, 3])
    assert binary.setrange("blob", 1024, b"end") == 1027
    assert binary.strlen("blob") == 1027
    r.close()
    binary.close()


def main() -> None:
    port = int(sys.argv[1])
    for protocol in (2, 3):
        session(port, protocol)
    print(f"redis-py {redis.__version__}: RESP2 and RESP3 sessions passed")


if __name__ == "__main__":
    main()
