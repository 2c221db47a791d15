//! The share link: `location.hash` holds the scenario, the seed, the inputs
//! so far and the current time, so opening the URL rebuilds the same state.
//!
//! The hash reads `#scenario=<name>&seed=<n>&t=<µs>&in=<inputs>`. `in` is
//! the inputs, each `L<line>`, `A<µs>` (consecutive advances merged into
//! one, which replays to the same world), `S<events>` (an advance cut at
//! its event cap) or `I<steps>:<line>` (a line interrupted after so many
//! steps), joined with `\n` and
//! percent-encoded. Parsing never fails outright: what it cannot read it
//! skips, and says so in [`Parsed::problems`].

use crate::console::session::Input;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Longest hash written, in characters: past it the link stops updating.
pub const MAX_HASH: usize = 60_000;

/// Latest virtual time a link may reach (µs, about 31 years): advances past
/// it are skipped, so a forged link cannot push the clock to overflow.
pub const MAX_TIME: u64 = 1_000_000_000_000_000;

/// What a share link holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    /// The scenario picked, if any ([`crate::scenarios::find`] name).
    pub scenario: Option<String>,
    /// Seed of the world.
    pub seed: u64,
    /// The inputs, in order (advances merged).
    pub inputs: Vec<Input>,
    /// Virtual time to show (µs); `None` leaves the world where the inputs end.
    pub time: Option<u64>,
}

/// A parsed hash: the state to rebuild (if the hash held one) and what was
/// skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The state to rebuild; `None` when the hash has no usable seed.
    pub shared: Option<Shared>,
    /// What could not be read, one short phrase each.
    pub problems: Vec<String>,
}

/// The most events one `S` (slice) input of a link may ask for.
pub const MAX_SLICE_EVENTS: u64 = 10_000_000;

/// `inputs` with consecutive advances merged into one.
pub fn merge<'a>(inputs: impl IntoIterator<Item = &'a Input>) -> Vec<Input> {
    let mut out: Vec<Input> = Vec::new();
    for input in inputs {
        match (out.last_mut(), input) {
            (Some(Input::Advance(sum)), Input::Advance(us)) => *sum = sum.saturating_add(*us),
            (_, Input::Advance(0)) => {}
            _ => out.push(input.clone()),
        }
    }
    out
}

/// What `encodeURIComponent` leaves as it is: letters, digits and
/// `-_.!~*'()`. Everything else is percent-encoded, so links read the same
/// as the ones the page wrote with the browser's own function.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// `encodeURIComponent`.
fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// `decodeURIComponent`: `None` where it would throw (a `%` not followed
/// by two hex digits, or bytes that are not UTF-8).
fn decode(text: &str) -> Option<String> {
    let bad_escape = text.match_indices('%').any(|(i, _)| {
        let hex = text.as_bytes().get(i + 1..i + 3);
        !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if bad_escape {
        return None;
    }
    percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|t| t.into_owned())
}

/// The hash (without `#`) for `shared`.
pub fn to_hash(shared: &Shared) -> String {
    let inputs = merge(&shared.inputs)
        .iter()
        .map(|input| match input {
            Input::Line(line) => format!("L{line}"),
            Input::Advance(us) => format!("A{us}"),
            Input::Slice { events, .. } => format!("S{events}"),
            Input::Interrupted { line, steps } => format!("I{steps}:{line}"),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut hash = String::new();
    if let Some(name) = &shared.scenario {
        hash.push_str("scenario=");
        hash.push_str(&encode(name));
        hash.push('&');
    }
    hash.push_str(&format!("seed={}", shared.seed));
    if let Some(time) = shared.time {
        hash.push_str(&format!("&t={time}"));
    }
    if !inputs.is_empty() {
        hash.push_str("&in=");
        hash.push_str(&encode(&inputs));
    }
    hash
}

/// Reads a hash (with or without the leading `#`). Never panics.
pub fn parse(hash: &str) -> Parsed {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let mut parsed = Parsed::default();
    if hash.is_empty() {
        return parsed;
    }
    let mut problems = Vec::new();
    let (mut scenario, mut seed, mut time, mut inputs) = (None, None, None, Vec::new());
    let mut has_inputs = false;
    for part in hash.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let Some(value) = decode(value) else {
            problems.push(format!("an unreadable {key}"));
            continue;
        };
        match key {
            "scenario" => match crate::scenarios::find(&value) {
                Some(s) => scenario = Some(s.name.to_string()),
                None => problems.push(format!("an unknown scenario ({value})")),
            },
            "seed" => match value.parse::<u64>() {
                Ok(n) => seed = Some(n),
                Err(_) => problems.push("a bad seed".to_string()),
            },
            "t" => match value.parse::<u64>() {
                Ok(t) if t <= MAX_TIME => time = Some(t),
                _ => problems.push("a bad time".to_string()),
            },
            "in" => {
                has_inputs = true;
                let (mut bad, mut total) = (0, 0u64);
                for item in value.split('\n').filter(|i| !i.is_empty()) {
                    let mut chars = item.chars();
                    match (chars.next(), chars.as_str()) {
                        (Some('L'), line) => inputs.push(Input::Line(line.to_string())),
                        (Some('A'), us) => match us.parse::<u64>() {
                            Ok(us) if total.saturating_add(us) <= MAX_TIME => {
                                total += us;
                                inputs.push(Input::Advance(us));
                            }
                            _ => bad += 1,
                        },
                        // How far the clock went is whatever the events
                        // take it: only their number is kept.
                        // A line stopped after so many steps: `I<steps>:<line>`.
                        (Some('I'), rest) => match rest
                            .split_once(':')
                            .and_then(|(steps, line)| Some((steps.parse::<u64>().ok()?, line)))
                        {
                            Some((steps, line)) => inputs.push(Input::Interrupted {
                                line: line.to_string(),
                                steps,
                            }),
                            None => bad += 1,
                        },
                        (Some('S'), events) => match events.parse::<u64>() {
                            Ok(events) if events <= MAX_SLICE_EVENTS => {
                                inputs.push(Input::Slice { us: 0, events });
                            }
                            _ => bad += 1,
                        },
                        _ => bad += 1,
                    }
                }
                if bad > 0 {
                    problems.push(format!("{bad} unreadable input(s)"));
                }
            }
            _ => problems.push(format!("an unknown field ({key})")),
        }
    }
    // A link that names a scenario and nothing else to replay (a docs link
    // such as `#scenario=hello-world-gossip`) opens the scenario itself.
    if let Some(found) = scenario
        .as_deref()
        .and_then(crate::scenarios::find)
        .filter(|_| !has_inputs)
    {
        seed = seed.or(Some(found.seed));
        inputs = found.lines().into_iter().map(Input::Line).collect();
    }
    match seed {
        Some(seed) => {
            parsed.shared = Some(Shared {
                scenario,
                seed,
                inputs,
                time,
            })
        }
        None => problems.push("no seed, so the link was not replayed".to_string()),
    }
    parsed.problems = problems;
    parsed
}

/// The notice for what [`parse`] skipped; `None` when nothing was.
pub fn notice(problems: &[String]) -> Option<String> {
    (!problems.is_empty()).then(|| format!("Share link: ignored {}.", problems.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_round_trip_every_kind_of_input() {
        let shared = Shared {
            scenario: Some("fleet-bootstrap".into()),
            seed: 7,
            inputs: vec![
                Input::Line("Fleet.start_users(1..3) # ok? 50% & more".into()),
                Input::Advance(1_000),
                Input::Advance(500),
                Input::Slice { us: 0, events: 42 },
                Input::Interrupted {
                    line: "Enum.reduce(1..100_000_000, 0, &+/2)".into(),
                    steps: 30,
                },
                Input::Line("\"ünïcødé\" <> \"\\n\"".into()),
            ],
            time: Some(9_000),
        };
        let hash = to_hash(&shared);
        assert!(!hash.contains(' ') && !hash.contains('\n'), "{hash}");
        let back = parse(&format!("#{hash}"));
        assert!(back.problems.is_empty(), "{:?}", back.problems);
        let mut expected = shared.clone();
        expected.inputs = merge(&shared.inputs);
        assert_eq!(back.shared, Some(expected));
    }

    #[test]
    fn encoding_matches_encode_uri_component() {
        // What the browser's encodeURIComponent gives for the same text.
        assert_eq!(encode("a b&c=d/e?f#g"), "a%20b%26c%3Dd%2Fe%3Ff%23g");
        assert_eq!(encode("-_.!~*'()"), "-_.!~*'()");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(decode("%C3%A9%20x"), Some("é x".into()));
        assert_eq!(decode("%E0%A4%A"), None);
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%C3"), None);
    }

    #[test]
    fn broken_links_are_partly_read_and_say_what_was_skipped() {
        let parsed =
            parse("#seed=5&t=zz&in=LFleet.start_users(1..2)%0AQ1%0AI%3Ax%0AA%E2%82%AC&wat=1");
        let shared = parsed.shared.expect("the seed is good");
        assert_eq!(shared.seed, 5);
        assert_eq!(
            shared.inputs,
            vec![Input::Line("Fleet.start_users(1..2)".into())]
        );
        assert!(notice(&parsed.problems).is_some_and(|n| n.contains("ignored")));
        assert!(parse("#%%%&&==").shared.is_none());
    }
}
