fn main() {
    let c = otpsim_bench::user::console();
    let want: Vec<String> = std::env::args().skip(1).collect();
    let m =
        otpsim::vm::code_server::module(c.world(), otpsim::term::Atom::new("Elixir.Bench.User"))
            .unwrap();
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
