//! Command-line options, spelled as redis-cli spells them so muscle memory and scripts carry over.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub password: Option<String>,
    pub db: i64,
    /// `-r`: how many times to run a one-shot command (negative: forever).
    pub repeat: i64,
    /// `-i`: pause after each repetition.
    pub interval: Option<Duration>,
    /// `--raw` / `--no-raw` force a style; otherwise it follows whether stdout is a terminal.
    pub raw: Option<bool>,
    /// `-3`: switch the connection to RESP3 with `HELLO 3`.
    pub resp3: bool,
    pub auth_warning: bool,
    /// Whatever follows the options: a one-shot command when non-empty.
    pub command: Vec<Vec<u8>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            host: "127.0.0.1".into(),
            port: 6379,
            user: None,
            password: None,
            db: 0,
            repeat: 1,
            interval: None,
            raw: None,
            resp3: false,
            auth_warning: true,
            command: Vec::new(),
        }
    }
}

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub enum Parsed {
    Run(Options),
    Help,
    Version,
}

pub const USAGE: &str = "\
Usage: ferrokv-cli [OPTIONS] [cmd [arg [arg ...]]]
  -h <hostname>      Server hostname (default: 127.0.0.1).
  -p <port>          Server port (default: 6379).
  -a <password>      Password to use when connecting to the server.
  --user <username>  Used to send ACL style 'AUTH username pass'. Needs -a.
  --pass <password>  Alias of -a for consistency with the new --user option.
  -u <uri>           Server URI: redis://[[user]:password@]host[:port][/db].
  -n <db>            Database number.
  -r <repeat>        Execute specified command N times (negative: forever).
  -i <interval>      When -r is used, waits <interval> seconds per command.
                     It is possible to specify sub-second times like -i 0.1.
  -3                 Start session in RESP3 protocol mode.
  --raw              Use raw formatting for replies (default when STDOUT is
                     not a tty).
  --no-raw           Force formatted output even when STDOUT is not a tty.
  --no-auth-warning  Don't show warning message when using password on command
                     line interface.
  --help             Output this help and exit.
  -v, --version      Output version and exit.

Examples:
  ferrokv-cli
  ferrokv-cli -p 6380 SET user1 Alice
  echo 'GET user1' | ferrokv-cli
  ferrokv-cli -r 3 -i 1 INCR counter
  ferrokv-cli -u redis://:secret@127.0.0.1:6379/1 GET user1

When no command is given, ferrokv-cli starts in interactive mode.
Type \"help\" in interactive mode for information on available commands.
";

pub fn parse(args: &[String]) -> Result<Parsed, String> {
    let mut o = Options::default();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let mut value = || -> Result<String, String> {
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| format!("Option '{arg}' needs a value"))
        };
        match arg {
            "-h" => o.host = value()?,
            "-p" => o.port = number(arg, &value()?)?,
            "-a" | "--pass" => o.password = Some(value()?),
            "--user" => o.user = Some(value()?),
            "-n" => o.db = number(arg, &value()?)?,
            "-r" => o.repeat = number(arg, &value()?)?,
            "-i" => {
                let v = value()?;
                let secs: f64 = v
                    .parse()
                    .map_err(|_| format!("Invalid value '{v}' for option '-i'"))?;
                if !(secs.is_finite() && secs >= 0.0) {
                    return Err(format!("Invalid value '{v}' for option '-i'"));
                }
                o.interval = Some(Duration::from_secs_f64(secs));
            }
            "-u" => apply_uri(&mut o, &value()?)?,
            "-3" => o.resp3 = true,
            "-2" => o.resp3 = false,
            "--raw" => o.raw = Some(true),
            "--no-raw" => o.raw = Some(false),
            "--no-auth-warning" => o.auth_warning = false,
            "--help" => return Ok(Parsed::Help),
            "-v" | "--version" => return Ok(Parsed::Version),
            _ if arg.starts_with('-') && arg.len() > 1 && o.command.is_empty() => {
                return Err(format!(
                    "Unrecognized option or bad number of args for: '{arg}'"
                ));
            }
            _ => {
                o.command = args[i..].iter().map(|a| a.as_bytes().to_vec()).collect();
                break;
            }
        }
        i += 1;
    }
    Ok(Parsed::Run(o))
}

fn number<T: std::str::FromStr>(option: &str, v: &str) -> Result<T, String> {
    v.parse()
        .map_err(|_| format!("Invalid value '{v}' for option '{option}'"))
}

/// `redis://[[username]:password@]host[:port][/db]`, percent-decoding user and password.
fn apply_uri(o: &mut Options, uri: &str) -> Result<(), String> {
    let bad =
        || format!("Invalid URI '{uri}': expected redis://[[user]:password@]host[:port][/db]");
    let rest = uri.strip_prefix("redis://").ok_or_else(bad)?;
    let (userinfo, rest) = match rest.rfind('@') {
        Some(at) => (Some(&rest[..at]), &rest[at + 1..]),
        None => (None, rest),
    };
    if let Some(info) = userinfo {
        match info.split_once(':') {
            Some((user, pass)) => {
                if !user.is_empty() {
                    o.user = Some(percent_decode(user).ok_or_else(bad)?);
                }
                o.password = Some(percent_decode(pass).ok_or_else(bad)?);
            }
            None => o.password = Some(percent_decode(info).ok_or_else(bad)?),
        }
    }
    let (hostport, db) = match rest.split_once('/') {
        Some((hp, db)) => (hp, Some(db)),
        None => (rest, None),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (hostport, None),
    };
    if !host.is_empty() {
        o.host = host.to_string();
    }
    if let Some(p) = port {
        o.port = p.parse().map_err(|_| bad())?;
    }
    if let Some(db) = db.filter(|d| !d.is_empty()) {
        o.db = db.parse().map_err(|_| bad())?;
    }
    Ok(())
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Options {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        match parse(&args) {
            Ok(Parsed::Run(o)) => o,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn defaults_and_flags() {
        let o = run(&[]);
        assert_eq!(
            (o.host.as_str(), o.port, o.db, o.repeat),
            ("127.0.0.1", 6379, 0, 1)
        );
        let o = run(&[
            "-h",
            "localhost",
            "-p",
            "7000",
            "-a",
            "pw",
            "-n",
            "2",
            "-r",
            "3",
            "-i",
            "0.5",
            "GET",
            "-x",
        ]);
        assert_eq!(
            (o.host.as_str(), o.port, o.password.as_deref(), o.db),
            ("localhost", 7000, Some("pw"), 2)
        );
        assert_eq!(
            (o.repeat, o.interval),
            (3, Some(Duration::from_millis(500)))
        );
        assert_eq!(o.command, vec![b"GET".to_vec(), b"-x".to_vec()]);
    }

    #[test]
    fn uri() {
        let o = run(&["-u", "redis://:p%40ss@example.local:7001/3"]);
        assert_eq!(
            (o.host.as_str(), o.port, o.password.as_deref(), o.user, o.db),
            ("example.local", 7001, Some("p@ss"), None, 3)
        );
        let o = run(&["-u", "redis://bob:pw@127.0.0.1"]);
        assert_eq!(
            (o.user.as_deref(), o.password.as_deref(), o.port),
            (Some("bob"), Some("pw"), 6379)
        );
        assert!(parse(&["-u".into(), "http://x".into()]).is_err());
    }

    #[test]
    fn errors() {
        assert!(parse(&["-p".into()]).is_err());
        assert!(parse(&["-p".into(), "x".into()]).is_err());
        assert!(parse(&["--bogus".into()]).is_err());
        assert_eq!(parse(&["--help".into()]), Ok(Parsed::Help));
    }
}
