#![cfg(not(target_arch = "wasm32"))]
use otpsim::console::parser::parse;

fn nested(n: usize) -> Vec<(&'static str, String)> {
    vec![
        ("list", format!("{}1{}", "[".repeat(n), "]".repeat(n))),
        ("paren", format!("{}1{}", "(".repeat(n), ")".repeat(n))),
        ("tuple", format!("{}1{}", "{".repeat(n), "}".repeat(n))),
        ("map", format!("{}1{}", "%{a: ".repeat(n), "}".repeat(n))),
        ("call", format!("{}1{}", "f(".repeat(n), ")".repeat(n))),
        ("remote", format!("{}1{}", "Mod.f(".repeat(n), ")".repeat(n))),
        ("noparens", format!("{}1", "Mod.f ".repeat(n))),
        ("unary", format!("{}x", "- ".repeat(n))),
        ("not", format!("{}x", "not ".repeat(n))),
        ("match", format!("{}x", "a = ".repeat(n))),
        ("concat", format!("{}x", "a <> ".repeat(n))),
        ("fn", format!("{}1{}", "fn -> ".repeat(n), " end".repeat(n))),
        ("interp", format!("{}1{}", "\"#{".repeat(n), "}\"".repeat(n))),
        ("dots", format!("x{}", ".a".repeat(n))),
        ("plus", format!("1{}", "+1".repeat(n))),
        ("pipe", format!("1{}", "|>f()".repeat(n))),
        ("access", format!("x{}", "[1]".repeat(n))),
        ("kwlist", format!("{}1{}", "[a: ".repeat(n), "]".repeat(n))),
        ("listtail", format!("{}1{}", "[1 | ".repeat(n), "]".repeat(n))),
        ("pin", format!("{}x", "^".repeat(n))),
    ]
}

#[test]
fn stack_search() {
    let n: usize = std::env::var("N").unwrap().parse().unwrap();
    for (name, src) in nested(n) {
        // smallest stack (in KB, step 16) that works
        let mut lo = 16usize;
        let mut hi = 65536usize;
        while lo < hi {
            let mid = (lo + hi) / 2;
            let s2 = src.clone();
            let ok = std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "stack", "--nocapture"])
                .env("KB", mid.to_string()).env("N", n.to_string()).env("ONLY", name)
                .output().unwrap().status.success();
            let _ = s2;
            if ok { hi = mid } else { lo = mid + 1 }
        }
        println!("{name}: {lo} KB for {n} levels = {} bytes/level", lo * 1024 / n);
    }
}

#[test]
fn stack() {
    if std::env::var("KB").is_err() { return; }
    let kb: usize = std::env::var("KB").unwrap().parse().unwrap();
    let n: usize = std::env::var("N").unwrap().parse().unwrap();
    let only = std::env::var("ONLY").ok();
    for (name, src) in nested(n) {
        if only.as_deref().is_some_and(|o| o != name) { continue; }
        let h = std::thread::Builder::new().stack_size(kb * 1024).spawn(move || {
            let r = parse(&src);
            (r.is_ok(), r.err().map(|e| e.to_string()))
        }).unwrap();
        println!("{name}: {:?}", h.join().map_err(|_| "PANIC"));
    }
}
