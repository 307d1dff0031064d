//! The crate has no import cycle: between its top-level modules, or between the
//! sibling files of any folder. Read from the source itself, so that a new
//! `use` that closes a loop fails here, naming the loop.
//!
//! A file's references are the `crate::…`, `super::…` and `self::…` paths in its
//! code (comments and test modules left out). A reference from module `a::x` to
//! `a::y::…` is an edge `x → y` among the children of `a`; a name a folder
//! re-exports (`pub use y::Name`) counts as a reference to `y`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type ModPath = Vec<String>;

struct File {
    module: ModPath,
    code: String,
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`; `lib.rs` is the root.
fn module_of(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: ModPath = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The code without comments and without the inline test module (which sits at
/// the end of a file by this crate's convention).
fn code_only(text: &str) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            match lines.peek().map(|next| next.trim()) {
                Some(next) if module_decl(next).is_some() && next.ends_with('{') => break,
                // A test module in its own file: that file is left out.
                Some(next) if module_decl(next).is_some() || next.starts_with("#[path") => continue,
                _ => {}
            }
        }
        let line = match line.find("//") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        };
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// What follows `mod ` in a module's declaration, whatever its visibility
/// (`mod x;`, `pub(super) mod x;`, `pub(in crate::a) mod x {`).
fn module_decl(line: &str) -> Option<&str> {
    let rest = match line.strip_prefix("pub") {
        Some(rest) if rest.starts_with('(') => &rest[rest.find(')')? + 1..],
        Some(rest) => rest,
        None => line,
    };
    rest.trim_start().strip_prefix("mod ")
}

/// Files declared as `#[cfg(test)] mod x;` (with or without `#[path]`, with any
/// visibility).
fn test_files(src: &Path, all: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut tests = BTreeSet::new();
    for file in all {
        let text = std::fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.starts_with("#[cfg(test)]") {
                continue;
            }
            let mut path_attr = None;
            for next in &lines[i + 1..] {
                if let Some(p) = next.strip_prefix("#[path = \"") {
                    path_attr = p.strip_suffix("\"]").map(str::to_string);
                } else if let Some(name) = module_decl(next).and_then(|n| n.strip_suffix(';')) {
                    let dir = if file.ends_with("mod.rs") || file.ends_with("lib.rs") {
                        file.parent().unwrap().to_path_buf()
                    } else {
                        file.with_extension("")
                    };
                    let base = file.parent().unwrap();
                    tests.insert(match &path_attr {
                        Some(p) => base.join(p),
                        None if dir.join(format!("{name}.rs")).exists() => {
                            dir.join(format!("{name}.rs"))
                        }
                        None => dir.join(name).join("mod.rs"),
                    });
                    break;
                } else {
                    break;
                }
            }
        }
    }
    tests.retain(|t| t.starts_with(src));
    tests
}

fn ident(s: &str) -> Option<(&str, &str)> {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    (end > 0).then(|| (&s[..end], &s[end..]))
}

/// The text inside the braces that `s` starts with, and the rest after them.
fn braced(s: &str) -> (&str, &str) {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return (&s[1..i], &s[i + 1..]);
                }
            }
            _ => {}
        }
    }
    (&s[1..], "")
}

/// Every path that starts at `s` (just after a `crate::`-like head), with use-tree
/// braces expanded: `a::{b, c::d}` gives `a::b` and `a::c::d`.
fn expand(s: &str, prefix: &[String], out: &mut Vec<ModPath>) {
    let mut path = prefix.to_vec();
    let mut rest = s.trim_start();
    loop {
        if rest.starts_with('{') {
            let (inner, _) = braced(rest);
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&inner[start..i], &path, out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            expand(&inner[start..], &path, out);
            return;
        }
        let Some((name, after)) = ident(rest) else {
            break;
        };
        path.push(name.to_string());
        match after.strip_prefix("::") {
            Some(next) => rest = next.trim_start(),
            None => break,
        }
    }
    if path.len() > prefix.len() {
        out.push(path);
    }
}

/// The absolute paths a file refers to.
fn references(file: &File) -> Vec<ModPath> {
    let mut out = Vec::new();
    let code = &file.code;
    for (i, _) in code.match_indices("::") {
        let head_start = code[..i]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |j| j + 1);
        let head = &code[head_start..i];
        // `super::super::x` is read from its first `super`.
        if head_start >= 2 && &code[head_start - 2..head_start] == "::" {
            continue;
        }
        let mut base: ModPath = match head {
            "crate" => Vec::new(),
            "self" => file.module.clone(),
            "super" => file.module[..file.module.len().saturating_sub(1)].to_vec(),
            _ => continue,
        };
        let mut rest = &code[i + 2..];
        while let Some(r) = rest.strip_prefix("super::") {
            base.pop();
            rest = r;
        }
        expand(rest, &base, &mut out);
    }
    out
}

/// `pub use child::Name` in a folder's own file: `Name` is `child`'s.
fn reexports(files: &[File]) -> BTreeMap<ModPath, ModPath> {
    let mut map = BTreeMap::new();
    for file in files {
        for line in file.code.lines() {
            let line = line.trim();
            let Some(rest) = ["pub use ", "pub(crate) use ", "pub(super) use "]
                .iter()
                .find_map(|p| line.strip_prefix(p))
            else {
                continue;
            };
            let rest = rest.strip_prefix("self::").unwrap_or(rest);
            let mut paths = Vec::new();
            expand(rest.trim_end_matches(';'), &file.module, &mut paths);
            for p in paths {
                if p.len() >= file.module.len() + 2 {
                    let mut name = file.module.clone();
                    name.push(p.last().unwrap().clone());
                    map.insert(name, p[..file.module.len() + 1].to_vec());
                }
            }
        }
    }
    map
}

/// Edges between siblings, keyed by their parent.
fn edges(files: &[File]) -> BTreeMap<ModPath, BTreeSet<(String, String)>> {
    let modules: BTreeSet<ModPath> = files.iter().map(|f| f.module.clone()).collect();
    let reexported = reexports(files);
    let mut graph: BTreeMap<ModPath, BTreeSet<(String, String)>> = BTreeMap::new();
    for file in files {
        for mut target in references(file) {
            let common = file
                .module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            if common >= file.module.len() || common >= target.len() {
                continue;
            }
            let parent = target[..common].to_vec();
            let mut sibling = target[..=common].to_vec();
            if !modules.contains(&sibling) {
                // A name of the parent: a sibling's, if the parent re-exports it.
                match reexported.get(&sibling) {
                    Some(owner) => sibling = owner.clone(),
                    None => continue,
                }
                target = sibling.clone();
            }
            let from = file.module[common].clone();
            let to = target[common].clone();
            if from != to {
                graph.entry(parent).or_default().insert((from, to));
            }
        }
    }
    graph
}

/// One cycle among `edges`, if there is one.
fn find_cycle(edges: &BTreeSet<(String, String)>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeSet<(String, String)>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for (_, to) in edges.iter().filter(|(from, _)| from == node) {
            if let Some(c) = visit(to, edges, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .iter()
        .find_map(|(from, _)| visit(from, edges, &mut Vec::new(), &mut done))
}

fn crate_files() -> Vec<File> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let tests = test_files(&src, &all);
    all.iter()
        .filter(|f| !tests.contains(*f) && !f.ends_with("main.rs"))
        .map(|f| File {
            module: module_of(&src, f),
            code: code_only(&std::fs::read_to_string(f).unwrap()),
        })
        .collect()
}

#[test]
fn no_module_imports_its_importer() {
    let graph = edges(&crate_files());
    let cycles: Vec<String> = graph
        .iter()
        .filter_map(|(parent, e)| {
            find_cycle(e).map(|c| format!("in crate::{}: {}", parent.join("::"), c.join(" → ")))
        })
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_front_ends_do_not_import_each_other() {
    let graph = edges(&crate_files());
    let top = &graph[&Vec::new()];
    for (from, to) in [("tui", "cli"), ("cli", "tui"), ("demo", "cli")] {
        assert!(
            !top.contains(&(from.to_string(), to.to_string())),
            "{from} imports {to}"
        );
    }
    // The reader sees the edges it must: a check that it reads anything at all.
    assert!(top.contains(&("cli".to_string(), "startup".to_string())));
    assert!(
        graph[&vec!["store".to_string()]].contains(&("service".to_string(), "sqlite".to_string()))
    );
}

#[test]
fn a_loop_is_found() {
    let files = vec![
        File {
            module: vec!["a".into()],
            code: "use crate::b::{x, y::z};".into(),
        },
        File {
            module: vec!["b".into()],
            code: "fn f() { super::a::g() }".into(),
        },
    ];
    let graph = edges(&files);
    assert_eq!(
        find_cycle(&graph[&Vec::new()]),
        Some(vec!["a".to_string(), "b".to_string(), "a".to_string()])
    );
}

#[test]
fn a_test_module_is_known_whatever_its_visibility() {
    assert_eq!(module_decl("mod tests;"), Some("tests;"));
    assert_eq!(
        module_decl("pub(super) mod rows_tests;"),
        Some("rows_tests;")
    );
    assert_eq!(module_decl("pub(in crate::a) mod t {"), Some("t {"));
    assert_eq!(module_decl("pub mod t;"), Some("t;"));
    assert_eq!(module_decl("pub fn modest() {}"), None);
    assert_eq!(module_decl("module_x;"), None);
    // An inline test module ends the code, whatever its visibility.
    let code =
        code_only("use crate::a::b;\n#[cfg(test)]\npub(crate) mod tests {\nuse crate::z::y;\n}\n");
    assert!(code.contains("crate::a::b"), "{code}");
    assert!(!code.contains("crate::z"), "{code}");
}
