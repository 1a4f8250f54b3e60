//! Redis 7.0's error texts, kept in one place so no command family can drift from them.

pub const SYNTAX: &str = "ERR syntax error";
pub const NOT_INTEGER: &str = "ERR value is not an integer or out of range";
pub const NOT_FLOAT: &str = "ERR value is not a valid float";
pub const WRONGTYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";
pub const NO_SUCH_KEY: &str = "ERR no such key";
pub const OVERFLOW: &str = "ERR increment or decrement would overflow";
pub const DB_INDEX: &str = "ERR DB index is out of range";
/// An integer argument outside C's `int` (Redis's wording, "must between" included).
pub const INT_RANGE: &str =
    "ERR value is out of range, value must between -2147483648 and 2147483647";
pub const NOAUTH: &str = "NOAUTH Authentication required.";
pub const MAX_CLIENTS: &str = "ERR max number of clients reached";
pub const STRING_TOO_LONG: &str = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
pub const INVALID_EXPIRE: &str = "ERR invalid expire time in '{}' command";

pub fn wrong_arity(name: &str) -> String {
    format!(
        "ERR wrong number of arguments for '{}' command",
        name.to_ascii_lowercase()
    )
}

/// An argument as Redis's `%s` prints it: a C string, which ends at the first NUL byte.
fn c_str(arg: &[u8]) -> &[u8] {
    arg.iter()
        .position(|&b| b == 0)
        .map_or(arg, |nul| &arg[..nul])
}

/// `-ERR unknown command 'foo', with args beginning with: 'a' 'b' ` (each arg truncated to 128
/// bytes, the whole list to 128 bytes, as Redis does).
pub fn unknown_command(name: &[u8], args: &[&[u8]]) -> String {
    let mut list = String::new();
    for a in args {
        if list.len() >= 128 {
            break;
        }
        let a = c_str(a);
        let a = &a[..a.len().min(128 - list.len())];
        list.push('\'');
        list.push_str(&String::from_utf8_lossy(a));
        list.push_str("' ");
    }
    let name = c_str(name);
    let name = &name[..name.len().min(128)];
    format!(
        "ERR unknown command '{}', with args beginning with: {}",
        String::from_utf8_lossy(name),
        list
    )
}

pub fn unknown_subcommand(sub: &[u8], cmd: &str) -> String {
    let sub = c_str(sub);
    let sub = &sub[..sub.len().min(128)];
    format!(
        "ERR unknown subcommand '{}'. Try {} HELP.",
        String::from_utf8_lossy(sub),
        cmd.to_ascii_uppercase()
    )
}

pub fn invalid_expire(cmd: &str) -> String {
    INVALID_EXPIRE.replace("{}", &cmd.to_ascii_lowercase())
}

/// Write commands after a failed background save (`stop-writes-on-bgsave-error yes`).
pub const MISCONF_RDB: &str = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_printed_as_c_strings() {
        assert_eq!(
            unknown_command(b"FO\0O", &[b"a\0b", b"\0", b"c"]),
            "ERR unknown command 'FO', with args beginning with: 'a' '' 'c' "
        );
        assert_eq!(
            unknown_subcommand(b"x\0y", "client"),
            "ERR unknown subcommand 'x'. Try CLIENT HELP."
        );
    }
}
