//! The KV server over real TCP: the guide's integration test, then the
//! inputs a real socket brings (over-long lines, bytes that are not UTF-8,
//! half-closed and vanished clients, several clients at once).

#![cfg(not(target_arch = "wasm32"))]

use otpsim::apps::kv::lines::MAX_LINE;
use otpsim_cli::tcp::{self, Background};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

/// A two-node cluster served on a port the OS picks.
fn server() -> Background {
    tcp::spawn("127.0.0.1:0", 2, 0).expect("bind 127.0.0.1:0")
}

/// A client with a read timeout, so a missing reply fails instead of hanging.
fn connect(server: &Background) -> (TcpStream, BufReader<TcpStream>) {
    let stream = TcpStream::connect(server.addr()).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let reader = BufReader::new(stream.try_clone().expect("clone"));
    (stream, reader)
}

/// Sends `bytes` and reads `lines` reply lines, joined with their `\r\n`.
fn send_and_recv(
    stream: &mut TcpStream,
    reader: &mut BufReader<TcpStream>,
    bytes: &[u8],
    lines: usize,
) -> String {
    stream.write_all(bytes).expect("send");
    let mut reply = String::new();
    for _ in 0..lines {
        let before = reply.len();
        reader.read_line(&mut reply).expect("recv");
        assert!(reply.len() > before, "connection closed; got {reply:?}");
    }
    reply
}

#[test]
fn the_guides_integration_test() {
    let server = server();
    let (mut s, mut r) = connect(&server);
    let mut check = |cmd: &str, lines: usize, want: &str| {
        assert_eq!(
            send_and_recv(&mut s, &mut r, cmd.as_bytes(), lines),
            want,
            "{cmd:?}"
        );
    };
    check("UNKNOWN shopping\r\n", 1, "UNKNOWN COMMAND\r\n");
    check("GET shopping eggs\r\n", 1, "NOT FOUND\r\n");
    check("CREATE shopping\r\n", 1, "OK\r\n");
    check("PUT shopping eggs 3\r\n", 1, "OK\r\n");
    // GET returns two lines.
    check("GET shopping eggs\r\n", 2, "3\r\nOK\r\n");
    check("DELETE shopping eggs\r\n", 1, "OK\r\n");
    check("GET shopping eggs\r\n", 2, "\r\nOK\r\n");
    // Several commands in one packet, and one command over several.
    check(
        "PUT shopping milk 1\r\nGET shopping milk\r\n",
        3,
        "OK\r\n1\r\nOK\r\n",
    );
    check("GET shop", 0, "");
    check("ping milk\r\n", 2, "1\r\nOK\r\n");
}

#[test]
fn long_lines_and_binary_junk_get_replies_not_crashes() {
    let server = server();
    let (mut s, mut r) = connect(&server);
    // One line just over the limit: one ERROR, then the connection goes on.
    let mut long = vec![b'x'; MAX_LINE + 1];
    long.extend_from_slice(b"\r\n");
    assert_eq!(send_and_recv(&mut s, &mut r, &long, 1), "ERROR\r\n");
    assert_eq!(send_and_recv(&mut s, &mut r, b"CREATE a\r\n", 1), "OK\r\n");
    // A line that never ends is dropped as it comes: still one ERROR.
    let junk = vec![b'y'; 1 << 20];
    assert_eq!(send_and_recv(&mut s, &mut r, &junk, 1), "ERROR\r\n");
    s.write_all(&junk).expect("send");
    assert_eq!(
        send_and_recv(&mut s, &mut r, b"\nGET a k\n", 2),
        "\r\nOK\r\n"
    );
    // Bytes that are not UTF-8 are just bytes in a name.
    let out = send_and_recv(&mut s, &mut r, b"\xff\xfe\x00\r\n", 1);
    assert_eq!(out, "UNKNOWN COMMAND\r\n");
    assert_eq!(
        send_and_recv(&mut s, &mut r, b"GET \xff k\r\n", 1),
        "NOT FOUND\r\n"
    );
    assert_eq!(
        send_and_recv(&mut s, &mut r, b"CREATE \xff\r\n", 1),
        "OK\r\n"
    );
    s.write_all(b"PUT \xff k \xc3\x28\r\nGET \xff k\r\n")
        .expect("send");
    let mut reply = vec![0u8; 12];
    r.read_exact(&mut reply).expect("recv");
    assert_eq!(reply, b"OK\r\n\xc3\x28\r\nOK\r\n");
}

#[test]
fn a_half_closed_socket_gets_its_replies_then_a_close() {
    let server = server();
    let (mut s, mut r) = connect(&server);
    // The last line has no newline; the client then stops sending.
    s.write_all(b"CREATE basket\r\nPUT basket k 7\r\nGET basket k")
        .expect("send");
    s.shutdown(Shutdown::Write).expect("half-close");
    let mut rest = String::new();
    r.read_to_string(&mut rest)
        .expect("read to the server's close");
    assert_eq!(rest, "OK\r\nOK\r\n7\r\nOK\r\n");
    // A client that vanishes mid-line and one that never speaks change nothing.
    let (mut gone, _) = connect(&server);
    gone.write_all(b"PUT basket k").expect("send");
    drop(gone);
    drop(connect(&server));
    let (mut s, mut r) = connect(&server);
    assert_eq!(
        send_and_recv(&mut s, &mut r, b"GET basket k\n", 2),
        "7\r\nOK\r\n"
    );
}

#[test]
fn clients_share_one_cluster_at_the_same_time() {
    let server = server();
    let (mut s1, mut r1) = connect(&server);
    let (mut s2, mut r2) = connect(&server);
    assert_eq!(
        send_and_recv(&mut s1, &mut r1, b"CREATE shared\n", 1),
        "OK\r\n"
    );
    assert_eq!(
        send_and_recv(&mut s2, &mut r2, b"PUT shared k 2\n", 1),
        "OK\r\n"
    );
    assert_eq!(
        send_and_recv(&mut s1, &mut r1, b"GET shared k\n", 2),
        "2\r\nOK\r\n"
    );
    // Buckets land on both nodes of the cluster, whichever client asks.
    for i in 0..20 {
        let create = format!("CREATE b{i}\nPUT b{i} k {i}\nGET b{i} k\n");
        let want = format!("OK\r\nOK\r\n{i}\r\nOK\r\n");
        let (s, r) = if i % 2 == 0 {
            (&mut s1, &mut r1)
        } else {
            (&mut s2, &mut r2)
        };
        assert_eq!(send_and_recv(s, r, create.as_bytes(), 4), want);
    }
}

#[test]
fn stdin_mode_answers_every_line_including_an_unterminated_last_one() {
    let mut service = otpsim::apps::kv::session::Service::new(3, 0, true);
    let input: &[u8] = b"CREATE shopping\nPUT shopping milk 1\r\nHELLO\nGET shopping milk";
    let (mut out, mut log) = (Vec::new(), Vec::new());
    tcp::serve_stdio(&mut service, input, &mut out, &mut log).expect("serve");
    assert_eq!(out, b"OK\r\nOK\r\nUNKNOWN COMMAND\r\n1\r\nOK\r\n");
    let log = String::from_utf8(log).expect("utf-8");
    assert_eq!(
        log.matches("[a@sim] KV.Router: \"shopping\"").count(),
        3,
        "{log}"
    );
}

/// A connection that sends nothing for the idle timeout is told so and
/// closed; one that keeps talking stays.
#[test]
fn idle_connections_are_closed_with_a_reason() {
    let server = tcp::spawn_with_idle("127.0.0.1:0", 1, 0, Duration::from_millis(1_000))
        .expect("bind 127.0.0.1:0");
    let (mut busy, mut busy_reader) = connect(&server);
    let (_idle, mut idle_reader) = connect(&server);
    for i in 0..15 {
        let line = format!("CREATE b{i}\r\n");
        assert_eq!(
            send_and_recv(&mut busy, &mut busy_reader, line.as_bytes(), 1),
            "OK\r\n"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut said = String::new();
    idle_reader
        .read_to_string(&mut said)
        .expect("read to the end");
    assert_eq!(said.as_bytes(), tcp::IDLE);
    assert_eq!(
        send_and_recv(&mut busy, &mut busy_reader, b"GET b0 x\r\n", 2),
        "\r\nOK\r\n"
    );
}

/// Past the connection limit a client is told the server is busy and
/// closed at once, instead of waiting forever behind idle ones.
#[test]
fn a_client_past_the_limit_is_refused_with_a_message() {
    let server = server();
    let mut open = Vec::new();
    for _ in 0..tcp::MAX_CONNECTIONS {
        let (mut s, mut r) = connect(&server);
        assert_eq!(
            send_and_recv(&mut s, &mut r, b"GET none x\r\n", 1),
            "NOT FOUND\r\n"
        );
        open.push((s, r));
    }
    let (_late, mut late_reader) = connect(&server);
    let mut said = String::new();
    late_reader
        .read_to_string(&mut said)
        .expect("read to the end");
    assert_eq!(said.as_bytes(), tcp::BUSY);
    // One leaves: the next client is served.
    drop(open.pop());
    std::thread::sleep(Duration::from_millis(100));
    let (mut next, mut next_reader) = connect(&server);
    assert_eq!(
        send_and_recv(&mut next, &mut next_reader, b"CREATE again\r\n", 1),
        "OK\r\n"
    );
}
