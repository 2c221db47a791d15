//! `File` on the node's simulated disk ([`crate::kernel::Disk`]): files and
//! directories that outlive the processes of a node but not the node (a
//! crash wipes them). Paths are read against `/`, the only working
//! directory. A directory is its path with the contents `:directory`; a
//! file's contents are a binary. Errors are the POSIX atoms Elixir returns.
//!
//! Every change goes through [`crate::kernel::World::disk_write`]: it is
//! on the disk itself only after the page cache writes it back, unless the
//! file was written with the `:sync` mode, so a power loss can undo it;
//! and a disk fault can fail it with `:eio`.

use super::{Bif, Native};
use crate::term::Term;
use crate::vm::exception::{Exception, Res};

/// `path` made absolute against `/`, with `.` and `..` resolved and no
/// trailing `/`: the disk's key.
fn normalize(path: &[u8]) -> String {
    let text = String::from_utf8_lossy(path);
    let mut parts: Vec<&str> = Vec::new();
    for part in text.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

fn path_at(args: &[Term], at: usize) -> Res<String> {
    match args.get(at).and_then(Term::as_binary) {
        Some(bytes) => Ok(normalize(bytes)),
        None => Err(Exception::badarg_at(at + 1, "not a binary path")),
    }
}

/// The directory holding `path` (`/` for `/a`).
fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

enum Entry {
    Missing,
    File(Term),
    Directory,
}

fn entry(n: &Native, path: &str) -> Entry {
    if path == "/" {
        return Entry::Directory;
    }
    let disk = n.world.disk(n.me.node);
    match disk.and_then(|d| d.get(&Term::string(path))) {
        None => Entry::Missing,
        Some(t) if t.is_atom("directory") => Entry::Directory,
        Some(t) => Entry::File(t.clone()),
    }
}

fn error(reason: &str) -> Term {
    Term::tuple([Term::atom("error"), Term::atom(reason)])
}

/// Sets (or with `None` removes) what `path` holds; `:ok` or the error.
fn put(n: &mut Native, path: &str, value: Option<Term>, sync: bool) -> Term {
    match n
        .world
        .disk_write(n.me.node, Term::string(path), value, sync)
    {
        Ok(()) => Term::ok(),
        Err(reason) => error(reason),
    }
}

fn read(n: &mut Native, a: &[Term]) -> Res {
    let path = path_at(a, 0)?;
    Ok(match entry(n, &path) {
        Entry::File(bytes) => Term::tuple([Term::atom("ok"), bytes]),
        Entry::Directory => error("eisdir"),
        Entry::Missing => error("enoent"),
    })
}

/// `File.write(path, binary, modes)` (the Elixir side makes iodata a
/// binary): the parent must be a directory; `:append` adds to a file.
fn write(n: &mut Native, a: &[Term]) -> Res {
    let path = path_at(a, 0)?;
    let Some(bytes) = a.get(1).and_then(Term::as_binary) else {
        return Err(Exception::badarg_at(2, "not a binary"));
    };
    let mode = |name: &str| {
        a.get(2)
            .is_some_and(|modes| modes.list_iter().any(|m| m.is_atom(name)))
    };
    let (append, sync) = (mode("append"), mode("sync"));
    if !matches!(entry(n, parent(&path)), Entry::Directory) {
        return Ok(error("enoent"));
    }
    Ok(match entry(n, &path) {
        Entry::Directory => error("eisdir"),
        Entry::File(old) if append => {
            let mut all = old.as_binary().unwrap_or_default().to_vec();
            all.extend_from_slice(bytes);
            put(n, &path, Some(Term::bytes_vec(all)), sync)
        }
        _ => put(n, &path, Some(Term::bytes(bytes)), sync),
    })
}

fn kind(n: &mut Native, a: &[Term], file: bool, dir: bool) -> Res {
    let path = path_at(a, 0)?;
    Ok(Term::boolean(match entry(n, &path) {
        Entry::Missing => false,
        Entry::File(_) => file,
        Entry::Directory => dir,
    }))
}

fn ls(n: &mut Native, a: &[Term]) -> Res {
    let path = if a.is_empty() {
        "/".to_string()
    } else {
        path_at(a, 0)?
    };
    match entry(n, &path) {
        Entry::Missing => return Ok(error("enoent")),
        Entry::File(_) => return Ok(error("enotdir")),
        Entry::Directory => {}
    }
    let prefix = if path == "/" {
        "/".to_string()
    } else {
        format!("{path}/")
    };
    let mut names = Vec::new();
    if let Some(disk) = n.world.disk(n.me.node) {
        for key in disk.keys() {
            let Some(key) = key.as_binary().and_then(|b| std::str::from_utf8(b).ok()) else {
                continue;
            };
            if let Some(rest) = key.strip_prefix(&prefix) {
                if !rest.is_empty() && !rest.contains('/') {
                    names.push(Term::string(rest));
                }
            }
        }
    }
    Ok(Term::tuple([Term::atom("ok"), Term::list(names)]))
}

fn rm(n: &mut Native, a: &[Term]) -> Res {
    let path = path_at(a, 0)?;
    Ok(match entry(n, &path) {
        Entry::Missing => error("enoent"),
        Entry::Directory => error("eisdir"),
        Entry::File(_) => put(n, &path, None, false),
    })
}

fn mkdir(n: &mut Native, a: &[Term]) -> Res {
    let path = path_at(a, 0)?;
    if !matches!(entry(n, &path), Entry::Missing) {
        return Ok(error("eexist"));
    }
    match entry(n, parent(&path)) {
        Entry::Directory => Ok(put(n, &path, Some(Term::atom("directory")), false)),
        Entry::File(_) => Ok(error("enotdir")),
        Entry::Missing => Ok(error("enoent")),
    }
}

fn mkdir_p(n: &mut Native, a: &[Term]) -> Res {
    let path = path_at(a, 0)?;
    let mut at = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        at.push('/');
        at.push_str(part);
        match entry(n, &at) {
            Entry::Directory => {}
            Entry::File(_) => return Ok(error("enotdir")),
            Entry::Missing => {
                let done = put(n, &at, Some(Term::atom("directory")), false);
                if !done.is_atom("ok") {
                    return Ok(done);
                }
            }
        }
    }
    Ok(Term::ok())
}

pub(super) const BIFS: &[Bif] = &[
    Bif::world("Elixir.File", "read", 1, read),
    Bif::world("Elixir.File", "__write__", 3, write),
    Bif::world("Elixir.File", "exists?", 1, |n, a| kind(n, a, true, true)),
    Bif::world("Elixir.File", "regular?", 1, |n, a| kind(n, a, true, false)),
    Bif::world("Elixir.File", "dir?", 1, |n, a| kind(n, a, false, true)),
    Bif::world("Elixir.File", "ls", 0, ls),
    Bif::world("Elixir.File", "ls", 1, ls),
    Bif::world("Elixir.File", "rm", 1, rm),
    Bif::world("Elixir.File", "mkdir", 1, mkdir),
    Bif::world("Elixir.File", "mkdir_p", 1, mkdir_p),
];
