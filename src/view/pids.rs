//! Pids inside printed text (`#PID<0.151.0>` in a result or a log line),
//! found so the page can make each one open the process inspector.

/// `text` cut into pieces, each `(piece, is_pid)`, in order; joined they
/// are `text` again.
pub fn pid_pieces(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("#PID<") {
        let tail = &rest[at + 5..];
        let Some(close) = tail.find('>') else {
            break;
        };
        let inner = &tail[..close];
        let well_formed = inner.split('.').count() == 3
            && inner
                .split('.')
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let end = at + 5 + close + 1;
        if well_formed {
            if at > 0 {
                out.push((&rest[..at], false));
            }
            out.push((&rest[at..end], true));
        } else {
            out.push((&rest[..end], false));
        }
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push((rest, false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_well_formed_pids_and_keeps_the_rest() {
        let text = "{:ok, #PID<0.151.0>} sent to #PID<2.7.0>; not #PID<x> nor #PID<1.2";
        let pieces = pid_pieces(text);
        assert_eq!(pieces.iter().map(|p| p.0).collect::<String>(), text);
        let pids: Vec<&str> = pieces.iter().filter(|p| p.1).map(|p| p.0).collect();
        assert_eq!(pids, ["#PID<0.151.0>", "#PID<2.7.0>"]);
        assert_eq!(pid_pieces(""), []);
        assert_eq!(pid_pieces("#PID<0.1.0>"), [("#PID<0.1.0>", true)]);
    }
}
