//! The soak script's driver (`scripts/soak`): a long console session and
//! many KV connections, printing the resident memory as they go.
//!
//! ```text
//! cargo run --release --example soak -- [--lines 5000] [--connections 5000]
//! ```
//!
//! 1. A [`Session`] (what the web page drives: it records every input) is
//!    fed `--lines` lines: cheap ones, lines that hit their budget (a
//!    native charged past it, a shell that would wait forever), spawns,
//!    nodes added and crashed, time advanced.
//! 2. `otpsim kv`'s TCP server (`otpsim_cli::tcp::spawn`, the code behind
//!    `otpsim kv --listen`) on a loopback port takes `--connections`
//!    connections, up to 200 open at once (the server refuses past 256),
//!    each sending a few commands and reading the replies.
//!
//! VmRSS is printed every so often, and VmHWM (the peak) at the end.

#[cfg(not(target_arch = "wasm32"))]
mod driver {
    use otpsim::console::session::Session;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpStream;
    use std::time::Instant;

    use otpsim_cli::proc_status::status_kib;

    fn rss(what: &str, done: u64, started: Instant) {
        println!(
            "soak: {what:<12} {done:>8}  {:>6.1}s  VmRSS {:>6} MiB",
            started.elapsed().as_secs_f64(),
            status_kib("VmRSS:") / 1024
        );
    }

    fn line(i: u64) -> String {
        let node = format!(":\"n{}@sim\"", i % 7);
        match i % 20 {
            0 => format!("Sim.add_node({node})"),
            5 => format!("Sim.crash_node({node})"),
            10 => format!("Sim.restart_node({node})"),
            1 => ":lists.seq(1, 100_000_000)".into(),
            2 => "receive do m -> m end".into(),
            3 => "for _ <- 1..20, do: spawn(fn -> Process.sleep(50) end)".into(),
            4 => "pid = spawn(fn -> receive do x -> x end end); send(pid, :go)".into(),
            6 => "Enum.reduce(1..40, \"x\", fn _, a -> a <> a end)".into(),
            7 => "Fleet.start_users(1..5)".into(),
            8 => "KV.command(\"PUT b k#{:rand.uniform(100)} v\")".into(),
            _ => format!("x = {i}; Enum.sum([x, 1, 2])"),
        }
    }

    fn console(lines: u64) {
        let started = Instant::now();
        let mut s = Session::new(7);
        // As the page and the CLI do: keep only the newest trace events.
        s.set_trace_limit(Some(otpsim::kernel::CONSOLE_TRACE_LIMIT));
        s.eval("KV.command(\"CREATE b\")");
        let every = (lines / 10).max(1);
        for i in 0..lines {
            s.eval(&line(i));
            if i % 50 == 49 {
                s.advance(200);
            }
            if i % every == every - 1 {
                rss("lines", i + 1, started);
            }
        }
        println!(
            "soak: session keeps {} inputs ({} folded into its base), {} processes on a@sim",
            s.inputs().len(),
            s.dropped_inputs(),
            s.console().world().process_count(0)
        );
    }

    fn kv(connections: u64) -> std::io::Result<()> {
        let started = Instant::now();
        let server = otpsim_cli::tcp::spawn("127.0.0.1:0", 3, 7)?;
        let addr = server.addr();
        let every = (connections / 10).max(1);
        let mut done = 0;
        let mut errors = 0;
        while done < connections {
            let n = (connections - done).min(200);
            let mut open = Vec::new();
            for i in 0..n {
                let mut stream = TcpStream::connect(addr)?;
                let k = done + i;
                write!(
                    stream,
                    "CREATE b{}\r\nPUT b{} k{k} v\r\nGET b{} k{k}\r\n",
                    k % 50,
                    k % 50,
                    k % 50
                )?;
                open.push(stream);
            }
            for stream in open {
                let mut reader = BufReader::new(stream);
                let mut reply = String::new();
                for _ in 0..3 {
                    reply.clear();
                    if reader.read_line(&mut reply)? == 0 || reply.starts_with("ERROR server busy")
                    {
                        errors += 1;
                        break;
                    }
                }
                let before = done / every;
                done += 1;
                if done / every != before {
                    rss("connections", done, started);
                }
            }
        }
        println!("soak: connections refused or cut short: {errors}");
        Ok(())
    }

    pub(crate) fn main() {
        let mut lines = 5_000;
        let mut connections = 5_000;
        let argv: Vec<String> = std::env::args().skip(1).collect();
        for pair in argv.chunks(2) {
            match (pair[0].as_str(), pair.get(1).and_then(|v| v.parse().ok())) {
                ("--lines", Some(v)) => lines = v,
                ("--connections", Some(v)) => connections = v,
                _ => {
                    eprintln!("usage: soak [--lines N] [--connections N]");
                    std::process::exit(2);
                }
            }
        }
        let started = Instant::now();
        rss("start", 0, started);
        console(lines);
        if let Err(e) = kv(connections) {
            eprintln!("soak: kv: {e}");
            std::process::exit(1);
        }
        println!(
            "soak: done in {:.1}s; peak RSS (VmHWM) {} MiB",
            started.elapsed().as_secs_f64(),
            status_kib("VmHWM:") / 1024
        );
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    driver::main();
}
