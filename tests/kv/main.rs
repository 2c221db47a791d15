//! Seed 003's key-value store: the guide's protocol byte for byte, the
//! registry's clean-up and both routers (the TCP server's tests are the CLI's:
//! `cli/tests/tcp.rs`).
//!
//! Expected replies are the guide's (`KVServer.Command` and its integration
//! test); the routing error is `KV.Router`'s message.

mod linearizable;
mod routing;

use otpsim::console::Console;
use otpsim::term::Term;

/// Evaluates `line`, failing the test on an error.
pub(crate) fn ok(c: &mut Console, line: &str) -> String {
    let out = c.eval_line(line);
    assert!(out.ok, "`{line}` failed: {}", out.full);
    out.text
}

/// The bytes `KV.command(line)` replies with.
pub(crate) fn command(c: &mut Console, line: &str) -> Vec<u8> {
    let out = c.eval_line(&format!("KV.command({line:?})"));
    assert!(out.ok, "KV.command({line:?}) failed: {}", out.full);
    match out.value {
        Some(Term::Binary(bytes)) => bytes.to_vec(),
        other => panic!("KV.command({line:?}) gave {other:?}"),
    }
}

#[test]
fn the_guides_session_byte_for_byte() {
    let mut c = Console::new(3);
    let session: [(&str, &[u8]); 7] = [
        ("CREATE shopping", b"OK\r\n"),
        ("PUT shopping milk 1", b"OK\r\n"),
        ("PUT shopping eggs 3", b"OK\r\n"),
        ("GET shopping milk", b"1\r\nOK\r\n"),
        ("DELETE shopping eggs", b"OK\r\n"),
        // GET of a missing key: the empty value line, then OK.
        ("GET shopping eggs", b"\r\nOK\r\n"),
        ("CREATE shopping", b"OK\r\n"),
    ];
    for (line, reply) in session {
        assert_eq!(command(&mut c, line), reply, "{line}");
    }
    // The lines as a socket delivers them, with their \r\n.
    assert_eq!(command(&mut c, "GET shopping milk\r\n"), b"1\r\nOK\r\n");
    assert_eq!(
        ok(&mut c, "KV.command(\"GET shopping milk\")"),
        "\"1\\r\\nOK\\r\\n\""
    );
}

#[test]
fn unknown_commands_and_missing_buckets() {
    let mut c = Console::new(3);
    // The guide's integration test starts with these two.
    assert_eq!(
        command(&mut c, "UNKNOWN shopping\r\n"),
        b"UNKNOWN COMMAND\r\n"
    );
    assert_eq!(command(&mut c, "GET shopping eggs\r\n"), b"NOT FOUND\r\n");
    assert_eq!(command(&mut c, "PUT shopping eggs 3"), b"NOT FOUND\r\n");
    assert_eq!(command(&mut c, "DELETE shopping eggs"), b"NOT FOUND\r\n");
    for line in [
        "",
        "\r\n",
        "HELLO",
        "get shopping milk",
        "GET shopping",
        "CREATE",
        "CREATE a b",
        "PUT shopping milk",
        "PUT shopping milk 1 2",
        "DELETE shopping",
    ] {
        assert_eq!(command(&mut c, line), b"UNKNOWN COMMAND\r\n", "{line:?}");
    }
}

#[test]
fn parse_splits_as_string_split() {
    let mut c = Console::new(3);
    let parse = |c: &mut Console, line: &str| ok(c, &format!("KVServer.Command.parse({line})"));
    assert_eq!(
        parse(&mut c, "\"CREATE shopping\\r\\n\""),
        "{:ok, {:create, \"shopping\"}}"
    );
    assert_eq!(
        parse(&mut c, "\"  CREATE \\t shopping \\r\\n\""),
        "{:ok, {:create, \"shopping\"}}"
    );
    assert_eq!(
        parse(&mut c, "\"PUT shopping milk 1\\r\\n\""),
        "{:ok, {:put, \"shopping\", \"milk\", \"1\"}}"
    );
    assert_eq!(
        parse(&mut c, "\"DELETE shopping eggs\\r\\n\""),
        "{:ok, {:delete, \"shopping\", \"eggs\"}}"
    );
    assert_eq!(
        parse(&mut c, "\"GET shopping\\r\\n\""),
        "{:error, :unknown_command}"
    );
    // Unicode whitespace splits, non-breaking spaces do not (as in Elixir 1.14).
    assert_eq!(
        parse(&mut c, "\"CREATE\\u3000a\\u00A0b\""),
        "{:ok, {:create, \"a\u{a0}b\"}}"
    );
    // Bytes that are not UTF-8 stay in the word, as in a binary.
    assert_eq!(
        parse(&mut c, "<<\"CREATE \", 255, 254, \"\\r\\n\">>"),
        "{:ok, {:create, <<255, 254>>}}"
    );
    assert_eq!(
        ok(&mut c, "String.split(<<\"a\", 0xE2, 0x80, \" b\">>)"),
        "[<<97, 226, 128>>, \"b\"]"
    );
}

#[test]
fn the_registry_and_buckets_as_in_the_guide() {
    let mut c = Console::new(3);
    // The guide's own set-up: buckets are Agents in this node's KV.Registry.
    ok(&mut c, "KV.router(:table)");
    assert_eq!(
        ok(&mut c, "KV.Registry.lookup(KV.Registry, \"shopping\")"),
        ":error"
    );
    // A lookup right behind the create waits for the bucket to start.
    assert!(ok(
        &mut c,
        "KV.Registry.create(KV.Registry, \"early\"); KV.Registry.lookup(KV.Registry, \"early\")"
    )
    .starts_with("{:ok, #PID<0."));
    assert_eq!(
        ok(&mut c, "KV.Registry.create(KV.Registry, \"shopping\")"),
        ":ok"
    );
    ok(
        &mut c,
        "{:ok, bucket} = KV.Registry.lookup(KV.Registry, \"shopping\")",
    );
    assert_eq!(ok(&mut c, "KV.Bucket.get(bucket, \"milk\")"), "nil");
    assert_eq!(ok(&mut c, "KV.Bucket.put(bucket, \"milk\", 3)"), ":ok");
    assert_eq!(ok(&mut c, "KV.Bucket.get(bucket, \"milk\")"), "3");
    // delete/2 returns the value the key had.
    assert_eq!(ok(&mut c, "KV.Bucket.delete(bucket, \"milk\")"), "3");
    assert_eq!(ok(&mut c, "KV.Bucket.delete(bucket, \"milk\")"), "nil");
    // A bucket is an Agent, and the protocol sees what the API put there.
    assert_eq!(ok(&mut c, "Agent.get(bucket, fn m -> m end)"), "%{}");
    ok(&mut c, "KV.Bucket.put(bucket, \"eggs\", 12)");
    assert_eq!(command(&mut c, "GET shopping eggs"), b"12\r\nOK\r\n");
    // Both buckets ("early", "shopping") run under KV.BucketSupervisor.
    assert_eq!(
        ok(
            &mut c,
            "DynamicSupervisor.which_children(KV.BucketSupervisor) |> length()"
        ),
        "2"
    );
}

#[test]
fn a_stopped_or_crashed_bucket_leaves_the_registry() {
    let mut c = Console::new(3);
    // The guide's own set-up: buckets are Agents in this node's KV.Registry.
    ok(&mut c, "KV.router(:table)");
    ok(&mut c, "registry = Process.whereis(KV.Registry)");
    ok(&mut c, "KV.Registry.create(KV.Registry, \"shopping\")");
    ok(
        &mut c,
        "{:ok, bucket} = KV.Registry.lookup(KV.Registry, \"shopping\")",
    );
    ok(&mut c, "Agent.stop(bucket)");
    assert_eq!(
        ok(&mut c, "KV.Registry.lookup(KV.Registry, \"shopping\")"),
        ":error"
    );
    assert_eq!(command(&mut c, "CREATE shopping"), b"OK\r\n");
    assert_eq!(command(&mut c, "PUT shopping milk 1"), b"OK\r\n");
    ok(
        &mut c,
        "{:ok, bucket} = KV.Registry.lookup(KV.Registry, \"shopping\")",
    );
    ok(&mut c, "Process.exit(bucket, :kill)");
    assert_eq!(
        ok(&mut c, "KV.Registry.lookup(KV.Registry, \"shopping\")"),
        ":error"
    );
    assert_eq!(command(&mut c, "GET shopping milk"), b"NOT FOUND\r\n");
    // The registry lived through it, and the dead bucket was not restarted.
    assert_eq!(
        ok(&mut c, "Process.whereis(KV.Registry) == registry"),
        "true"
    );
    assert_eq!(
        ok(
            &mut c,
            "DynamicSupervisor.count_children(KV.BucketSupervisor).active"
        ),
        "0"
    );
}

#[test]
fn a_crashed_registry_takes_its_buckets_with_it() {
    let mut c = Console::new(3);
    // The guide's own set-up: buckets are Agents in this node's KV.Registry.
    ok(&mut c, "KV.router(:table)");
    assert_eq!(command(&mut c, "CREATE shopping"), b"OK\r\n");
    ok(&mut c, "Process.exit(Process.whereis(KV.Registry), :kill)");
    // one_for_all: a fresh registry and a fresh, empty bucket supervisor.
    assert_eq!(command(&mut c, "GET shopping milk"), b"NOT FOUND\r\n");
    assert_eq!(
        ok(
            &mut c,
            "DynamicSupervisor.count_children(KV.BucketSupervisor).active"
        ),
        "0"
    );
}

#[test]
fn console_arguments_are_checked() {
    let mut c = Console::new(3);
    let argument_error = |c: &mut Console, line: &str| {
        let out = c.eval_line(line);
        assert!(!out.ok, "{line} gave {}", out.text);
        assert!(out.text.starts_with("** (ArgumentError)"), "{}", out.text);
    };
    // Elixir's own errors for arguments its guards and clauses refuse.
    for line in ["KV.command(42)", "KV.router(:nope)"] {
        let out = c.eval_line(line);
        assert!(!out.ok, "{line} gave {}", out.text);
        assert!(
            out.text.starts_with("** (FunctionClauseError)"),
            "{}",
            out.text
        );
    }
    assert_eq!(ok(&mut c, "KV.router()"), ":hash");
    // The table router needs a binary to take the first byte of.
    ok(&mut c, "KV.router(:table)");
    ok(&mut c, "Application.put_env(:kv, :routing_table, [])");
    argument_error(&mut c, "KV.route(:nope)");
    argument_error(&mut c, "KV.route(\"\")");
}
