//! 10,000 clients blocked on 10,000 different keys cost no CPU while idle and are all served.
//! A test binary of its own: its thousands of connections would starve the other blocking tests
//! of ports and file descriptors if they ran side by side.

mod blocking_support;
mod common;

use blocking_support::{blocked_clients, reply, send, wait_blocked};
use common::{Client, Server};
use std::time::Duration;

/// CPU time (user + system, in clock ticks) the process has used so far.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which is in parentheses): state is field 3, utime 14.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

/// Raises this process's open-file limit as far as allowed; returns the soft limit.
fn raise_nofile() -> libc::rlim_t {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
        if lim.rlim_cur < lim.rlim_max {
            let want = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &want) == 0 {
                lim = want;
            }
        }
    }
    lim.rlim_cur
}

/// Connects to 127.0.0.1:`port` from 127.0.0.1:`*next_src` (the next free source port from there
/// on). Letting the kernel pick: once thousands of ports already connect to the same address,
/// each `connect` searches the ephemeral range for a free one, and 10,000 connections take
/// many seconds; an explicit `bind` costs nothing.
fn connect_from(port: u16, next_src: &mut u16) -> Client {
    use std::os::fd::FromRawFd;
    let addr = |p: u16| libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: p.to_be(),
        sin_addr: libc::in_addr {
            s_addr: u32::from(std::net::Ipv4Addr::LOCALHOST).to_be(),
        },
        sin_zero: [0; 8],
    };
    let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    loop {
        let src = *next_src;
        *next_src += 1;
        // SAFETY: plain socket calls on a descriptor this function owns; the addresses are valid
        // sockaddr_in values of the given length. On success the descriptor is handed to TcpStream.
        unsafe {
            let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
            assert!(fd >= 0, "socket: {}", std::io::Error::last_os_error());
            // Close with a reset: 10,000 sockets left in TIME-WAIT would crowd out the ports
            // other test binaries connect from.
            let linger = libc::linger {
                l_onoff: 1,
                l_linger: 0,
            };
            libc::setsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_LINGER,
                &linger as *const _ as *const libc::c_void,
                std::mem::size_of::<libc::linger>() as libc::socklen_t,
            );
            if libc::bind(fd, &addr(src) as *const _ as *const libc::sockaddr, len) != 0 {
                libc::close(fd);
                continue;
            }
            if libc::connect(fd, &addr(port) as *const _ as *const libc::sockaddr, len) != 0 {
                panic!("connect: {}", std::io::Error::last_os_error());
            }
            return Client::from_stream(std::net::TcpStream::from_raw_fd(fd));
        }
    }
}

/// 10,000 clients blocked on 10,000 keys (fewer if the open-file limit does not allow them):
/// an idle server spends no CPU on them, and all are served when their keys get data.
#[test]
fn ten_thousand_blocked_clients() {
    // The server inherits the raised limit; it and this process each need one fd per client.
    let limit = raise_nofile();
    let n = 10_000.min(limit.saturating_sub(100) as usize);
    if n < 10_000 {
        eprintln!("open-file limit {limit}: using {n} blocked clients");
    }
    let s = Server::start(&["--maxclients", "10100"]);
    let mut admin = s.client();
    let mut clients: Vec<Client> = Vec::with_capacity(n);
    // Source ports below the ephemeral range (which starts at 32768 or above), from a point
    // that differs between runs; ports in use are skipped.
    let mut next_src = 10_000 + (std::process::id() % 8_000) as u16;
    for i in 0..n {
        clients.push(connect_from(s.port, &mut next_src));
        if i % 64 == 63 {
            // Connections are accepted in order: once the newest answers, the listen queue
            // (only 128 long in ferrokv) is empty again and no SYN is dropped (a 1 s retry).
            assert_eq!(clients[i].cmd_str(&["PING"]), "+PONG\r\n");
        }
    }
    for (i, c) in clients.iter_mut().enumerate() {
        send(c, &["BLPOP", &format!("key:{i}"), "0"]);
    }
    wait_blocked(&mut admin, n);

    // Idle for ~1 s with everyone blocked: (almost) no CPU. A server that scans its blocked
    // clients or polls in a loop would use a whole tick per 10 ms.
    std::thread::sleep(Duration::from_millis(100));
    let pid = s.child.id();
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_millis(1000));
    let used = cpu_ticks(pid) - before;
    assert!(used <= 5, "idle server used {used} ticks of CPU in 1 s");

    // Serve them all with one pipeline of pushes (in reverse order, to keep it honest).
    let mut batch = Vec::new();
    for i in (0..n).rev() {
        let key = format!("key:{i}");
        batch.extend(Client::encode(&[b"RPUSH", key.as_bytes(), b"v"]));
    }
    admin.send(&batch);
    for _ in 0..n {
        assert_eq!(reply(&mut admin), ":1\r\n");
    }
    for (i, c) in clients.iter_mut().enumerate() {
        let key = format!("key:{i}");
        assert_eq!(
            reply(c),
            format!("*2\r\n${}\r\n{key}\r\n$1\r\nv\r\n", key.len())
        );
    }
    assert_eq!(blocked_clients(&mut admin), 0);
    assert_eq!(admin.cmd_str(&["DBSIZE"]), ":0\r\n");
}
