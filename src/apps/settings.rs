//! The built-in applications' settings, checked when they are set.
//!
//! On the BEAM `Application.put_env/3` takes any term and the application
//! fails later, wherever it reads the bad value — often inside a process
//! that then restarts in a loop. Here a setting the built-in applications
//! read is checked as it is written: a bad one raises an `ArgumentError`
//! that names the application, the key and what was expected, and the old
//! value stays, so nothing running is lost.

use crate::term::{inspect, Term};

/// The most shards `:shards, :k` may ask for: every shard is a process on
/// every node that holds it.
pub const MAX_K: i64 = 4096;
/// The most nodes `:shards, :copies` may ask to hold each shard.
pub const MAX_COPIES: i64 = 64;
/// The most entries (and integers per entry) a `:kv, :routing_table` has.
const MAX_TABLE: usize = 256;

/// `Ok` when the built-in applications can use `value` for `app`'s `key`
/// (or do not read that key), else what they expected.
pub fn check(app: &str, key: &str, value: &Term) -> Result<(), String> {
    match (app, key) {
        ("shards", "k") => int_in(value, 1, MAX_K, "the shard count"),
        ("shards", "copies") => int_in(value, 1, MAX_COPIES, "the number of copies"),
        ("kv", "router") => match value.as_atom() {
            Some("table" | "hash") => Ok(()),
            _ => Err("the router must be :table or :hash".into()),
        },
        ("kv", "routing_table") => routing_table(value),
        ("kv", "log_routes") | ("todo", "use_registry") => match value.as_atom() {
            Some("true" | "false") => Ok(()),
            _ => Err("expected true or false".into()),
        },
        _ => Ok(()),
    }
}

fn int_in(value: &Term, low: i64, high: i64, what: &str) -> Result<(), String> {
    match value {
        Term::Int(n) if (low..=high).contains(n) => Ok(()),
        _ => Err(format!("{what} must be an integer from {low} to {high}")),
    }
}

/// nil (route to the calling node), or a list of `{first_bytes, node}`
/// where `first_bytes` is a range or a list of integers and `node` an atom.
fn routing_table(value: &Term) -> Result<(), String> {
    const SHAPE: &str = "the routing table must be nil or a list of {range_or_list_of_bytes, node}";
    if value.is_atom("nil") {
        return Ok(());
    }
    let entries = value.list_to_vec().ok_or(SHAPE)?;
    if entries.len() > MAX_TABLE {
        return Err(format!("{SHAPE}, at most {MAX_TABLE} entries"));
    }
    for entry in &entries {
        let Some([bytes, node]) = entry.as_tuple() else {
            return Err(format!(
                "{SHAPE}; this entry is not a pair: {}",
                inspect(entry)
            ));
        };
        if node.as_atom().is_none() {
            return Err(format!("{SHAPE}; not a node name: {}", inspect(node)));
        }
        let range = bytes
            .as_map()
            .and_then(|m| m.get(&Term::atom("__struct__")).cloned())
            .is_some_and(|s| s.is_atom("Elixir.Range"));
        let list = bytes
            .list_to_vec()
            .is_some_and(|l| l.len() <= MAX_TABLE && l.iter().all(|b| matches!(b, Term::Int(_))));
        if !range && !list {
            return Err(format!(
                "{SHAPE}; not a range or a list of bytes: {}",
                inspect(bytes)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::console::Console;

    #[test]
    fn bad_settings_are_refused_with_the_key_and_the_old_value_stays() {
        let mut c = Console::new(1);
        for (line, says) in [
            (
                "Application.put_env(:shards, :k, 9223372036854775807)",
                "the shard count must be an integer from 1 to 4096",
            ),
            (
                "Application.put_env(:shards, :copies, 0)",
                "number of copies",
            ),
            (
                "Application.put_env(:kv, :routing_table, [{1, 2}])",
                "not a node name: 2",
            ),
            (
                "Application.put_env(:kv, :routing_table, [{1, :\"b@sim\"}])",
                "not a range",
            ),
            (
                "Application.put_env(:kv, :routing_table, :garbage)",
                "must be nil or a list",
            ),
            (
                "Application.put_env(:kv, :router, :nope)",
                ":table or :hash",
            ),
        ] {
            let out = c.eval_line(line);
            assert!(!out.ok, "{line} was taken");
            assert!(out.full.contains("ArgumentError"), "{}", out.full);
            assert!(out.full.contains(says), "{line}: {}", out.full);
        }
        let k = c.eval_line("Application.get_env(:shards, :k, 8)");
        assert_eq!(k.text, "8", "K stays");
        assert_eq!(
            c.eval_line("Application.get_env(:kv, :routing_table)").text,
            "nil"
        );
        for good in [
            "Application.put_env(:shards, :k, 12)",
            "Application.put_env(:kv, :routing_table, [{?a..?m, :\"a@sim\"}, {[110, 111], :\"b@sim\"}])",
            "Application.put_env(:kv, :routing_table, nil)",
            "Application.put_env(:my_app, :anything, {:goes, 1})",
        ] {
            assert!(c.eval_line(good).ok, "{good}");
        }
        assert_eq!(c.eval_line("KV.command(\"CREATE x\")").text, "\"OK\\r\\n\"");
    }
}
