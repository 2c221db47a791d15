//! Prints the compiled code of a module's functions:
//! `MOD=Elixir.GenServer cargo run -p otpsim-bench --release --example dis -- loop`
//! (the module defaults to the user benchmark's `Bench.User`; the
//! arguments, if any, pick functions whose names contain them).

fn main() {
    let c = otpsim_bench::user::console();
    let want: Vec<String> = std::env::args().skip(1).collect();
    let name = std::env::var("MOD").unwrap_or_else(|_| "Elixir.Bench.User".into());
    let Some(m) = otpsim::vm::code_server::module(c.world(), otpsim::term::Atom::new(&name)) else {
        eprintln!("no module {name}");
        return;
    };
    for f in &m.functions {
        if want.is_empty() || want.iter().any(|w| f.name.as_str().contains(w.as_str())) {
            println!("{} /{} regs {}", f.name.as_str(), f.arity, f.regs);
            for (i, op) in f.code.iter().enumerate() {
                println!("  {i:3} {op:?}");
            }
            println!("  consts {:?}", f.consts);
        }
    }
}
