//! The floor test: every top-level module stands on one floor (the list in
//! docs/architecture.md) and imports only from its own floor or the floors below; no two
//! top-level modules import each other, directly or through others.
//!
//! It reads the source as text. An import is any path that reaches another top-level module:
//! `crate::x…` (also inside a grouped `use crate::{x, y::z}`), `super::…` climbing out of the
//! top-level module (inline `mod … {}` blocks counted), and `pub use` re-exports alike.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Floor of each top-level module, parsed from the ```floors block of docs/architecture.md:
/// one line per floor, bottom first, `N name name …`.
fn parse_floors(doc: &str) -> BTreeMap<String, usize> {
    let block = doc
        .split("```floors")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/architecture.md has a ```floors block");
    let mut floors = BTreeMap::new();
    for line in block.lines() {
        let mut words = line.split_whitespace();
        let Some(n) = words.next() else { continue };
        let n: usize = n.parse().expect("a floor line starts with its number");
        for name in words {
            floors.insert(name.to_string(), n);
        }
    }
    floors
}

/// A top-level module and the module path of a source file (`src/a/b/mod.rs` → `[a, b]`).
fn module_path(rel: &str) -> Vec<String> {
    let trimmed = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The top-level modules one file reaches, with the line of each import.
fn imports_of(rel: &str, text: &str) -> Vec<(String, usize)> {
    let path = module_path(rel);
    let mut found = Vec::new();
    // Inline modules open at the brace depth recorded here.
    let mut inline: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    for (i, line) in logical_lines(text) {
        let line = line.as_str();
        let trimmed = line.trim_start();
        let opens_inline = (trimmed.starts_with("mod ") || trimmed.starts_with("pub mod "))
            && trimmed.contains('{');
        for (at, _) in line.match_indices("crate::") {
            if at > 0 && line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            found.extend(crate_targets(&line[at + "crate::".len()..]).map(|m| (m, i + 1)));
        }
        if let Some(at) = line.find("super::") {
            let mut rest = &line[at..];
            let mut ups = 0;
            while let Some(r) = rest.strip_prefix("super::") {
                ups += 1;
                rest = r;
            }
            let here = path.len() + inline.len();
            // A file module's `super` is its parent; `src/x.rs` and `src/x/mod.rs` are depth 1.
            if ups >= here {
                found.extend(crate_targets(rest).map(|m| (m, i + 1)));
            }
        }
        if opens_inline {
            inline.push(depth);
        }
        for c in line.chars() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if inline.last() == Some(&depth) {
                        inline.pop();
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// Lines without comments, a `use` statement spread over several lines joined into one
/// (numbered by its first line).
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or("");
        if open {
            if let Some((_, joined)) = out.last_mut() {
                joined.push_str(line.trim());
            }
        } else {
            out.push((i, line.to_string()));
        }
        let is_use = line
            .trim_start()
            .trim_start_matches("pub ")
            .starts_with("use ")
            || line.trim_start().starts_with("pub(crate) use ");
        if is_use || open {
            open = !line.contains(';');
        }
    }
    out
}

/// The top-level module names at the start of a path, `x::…` or a group `{x, y::z}`.
fn crate_targets(rest: &str) -> impl Iterator<Item = String> {
    let mut names = Vec::new();
    if let Some(group) = rest.strip_prefix('{') {
        let mut level = 0;
        let mut item = String::new();
        for c in group.chars() {
            match c {
                '{' => level += 1,
                '}' if level == 0 => break,
                '}' => level -= 1,
                ',' if level == 0 => {
                    names.push(std::mem::take(&mut item));
                    continue;
                }
                _ => {}
            }
            if level == 0 {
                item.push(c);
            }
        }
        names.push(item);
    } else {
        names.push(rest.to_string());
    }
    names
        .into_iter()
        .map(|n| {
            n.trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|n| !n.is_empty() && n != "self")
        .collect::<Vec<_>>()
        .into_iter()
}

/// Every broken rule: unknown top-level modules, imports of a higher floor, circles.
fn check(files: &[(String, String)], floors: &BTreeMap<String, usize>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in files {
        let from = module_path(rel)[0].clone();
        let Some(&from_floor) = floors.get(&from) else {
            problems.push(format!("{rel}: top-level module `{from}` is on no floor"));
            continue;
        };
        for (to, line) in imports_of(rel, text) {
            if to == from {
                continue;
            }
            match floors.get(&to) {
                None => problems.push(format!("{rel}:{line}: `{to}` is on no floor")),
                Some(&to_floor) if to_floor > from_floor => problems.push(format!(
                    "{rel}:{line}: `{from}` (floor {from_floor}) imports `{to}` (floor {to_floor})"
                )),
                Some(_) => {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
    }
    problems.extend(circles(&edges));
    problems
}

/// Circles among top-level modules (possible only within one floor once the floors hold).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = Vec::new();
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, trail)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    found.push(format!("import circle: {} -> {start}", trail.join(" -> ")));
                } else if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn read_tree(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable source folder")
        .map(|e| e.expect("readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_tree(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(root)
                .expect("under src")
                .to_string_lossy();
            let rel = rel.replace('\\', "/");
            // The crate root and the binary only declare and call; this test is no floor.
            if rel != "lib.rs" && rel != "main.rs" && rel != "floors.rs" {
                let text = std::fs::read_to_string(&path).expect("readable source file");
                out.push((rel, text));
            }
        }
    }
}

#[test]
fn every_module_imports_only_its_own_floor_or_lower_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/architecture.md")).expect("architecture doc");
    let floors = parse_floors(&doc);
    let mut files = Vec::new();
    read_tree(&root.join("src"), &root.join("src"), &mut files);
    assert!(files.len() > 100, "the whole source tree was read");
    let problems = check(&files, &floors);
    assert!(
        problems.is_empty(),
        "floor rules broken:\n{}",
        problems.join("\n")
    );
}

#[cfg(test)]
mod fixtures {
    use super::*;

    fn floors() -> BTreeMap<String, usize> {
        parse_floors("```floors\n1 thai\n2 domain\n3 db\n4 http cli\n```")
    }

    fn run(files: &[(&str, &str)]) -> Vec<String> {
        let files: Vec<_> = files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        check(&files, &floors())
    }

    #[test]
    fn downward_imports_pass() {
        let ok = run(&[
            ("domain/a.rs", "use crate::thai::digits;\nuse super::b;\n"),
            ("db/mod.rs", "use crate::{domain::Actor, thai};\n"),
            (
                "http/x/y.rs",
                "fn f() { crate::db::go(); super::super::super::db::go(); }",
            ),
        ]);
        assert!(ok.is_empty(), "{ok:?}");
    }

    #[test]
    fn an_upward_import_is_caught_in_every_spelling() {
        for text in [
            "use crate::http::x;",
            "use crate::{thai, http::{a, b}};",
            "pub use crate::http::Thing;",
            "fn f() { let _ = crate::http::g(); }",
            "use crate::{\n    thai::x,\n    http,\n};",
        ] {
            let found = run(&[("db/models/a.rs", text)]);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(found[0].contains("imports `http`"), "{found:?}");
        }
        let climbed = run(&[("domain/a/b.rs", "use super::super::super::db::x;")]);
        assert_eq!(climbed.len(), 1, "{climbed:?}");
    }

    #[test]
    fn super_inside_an_inline_test_module_stays_home() {
        let found = run(&[(
            "domain/a.rs",
            "fn f() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use super::super::b;\n}\n",
        )]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn circles_on_one_floor_and_unknown_modules_are_caught() {
        let found = run(&[
            ("http/a.rs", "use crate::cli::x;"),
            ("cli/b.rs", "use crate::http::y;"),
            ("stray/c.rs", "fn f() {}"),
        ]);
        assert!(
            found.iter().any(|p| p.contains("import circle")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.contains("`stray` is on no floor")),
            "{found:?}"
        );
    }
}
