//! Just enough of a JSON reader to find where the collections' lists sit in
//! a backup's text, so a backup can be written, and read, a piece at a time.
//! It only finds places: every byte of the couple's data is still read by
//! serde_json, which decides what the text means. Whatever this reader is
//! unsure of (a repeated key, an escaped key on the way, a list found twice)
//! makes it give up, and the caller does the whole text at once instead.

/// A collection's list in the text: the path it was found at (an index into
/// the paths asked for), and its items, from just after the `[` to the `]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct List {
    pub path: usize,
    pub start: usize,
    pub end: usize,
}

/// Where each of `paths` (object keys from the top) has a list in `json`, in
/// the text's order. `None` unless the text is one JSON value, each path is
/// found exactly once, and no object on the way repeats a key or escapes one.
pub(super) fn lists(json: &str, paths: &[Vec<&str>]) -> Option<Vec<List>> {
    let mut scan = Scan {
        b: json.as_bytes(),
        depth: 0,
        keys: Vec::new(),
        paths,
        deepest: paths.iter().map(Vec::len).max().unwrap_or(0),
        found: Vec::new(),
    };
    let end = scan.value(0)?;
    if skip_space(scan.b, end) != scan.b.len() {
        return None;
    }
    let mut seen = vec![false; paths.len()];
    for list in &scan.found {
        if std::mem::replace(&mut seen[list.path], true) {
            return None;
        }
    }
    // One forward pass found them, so they come in the text's order.
    seen.iter().all(|&s| s).then_some(scan.found)
}

/// The end of the JSON value that starts at `i` (after any space), as far as
/// its shape goes; serde_json reads what is in it.
pub(super) fn value_end(json: &str, i: usize) -> Option<usize> {
    Scan {
        b: json.as_bytes(),
        depth: 0,
        keys: Vec::new(),
        paths: &[],
        deepest: 0,
        found: Vec::new(),
    }
    .value(i)
}

/// Skips JSON's four space characters (serde_json allows no others).
pub(super) fn skip_space(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// How deep lists and objects may nest: well inside serde_json's 128, so
/// nothing read in pieces is deeper than the whole text may be, and this
/// reader's own recursion stays small.
const MAX_DEPTH: usize = 100;
// `Scan::pass_over` keeps which brackets are open in a u128.
const _: () = assert!(MAX_DEPTH <= 128);

struct Scan<'a, 'p> {
    b: &'a [u8],
    /// Lists and objects open around here.
    depth: usize,
    /// The keys from the top to here; a list's items add an empty one.
    keys: Vec<&'a [u8]>,
    paths: &'p [Vec<&'p str>],
    /// The longest of `paths`: nothing deeper is looked for.
    deepest: usize,
    found: Vec<List>,
}

impl<'a> Scan<'a, '_> {
    /// The end of the string that starts at `i` (its closing quote + 1).
    fn string(&self, i: usize) -> Option<usize> {
        let mut j = i + 1;
        loop {
            j += self.b.get(j..)?.iter().position(|&c| c == b'"' || c == b'\\')?;
            if self.b[j] == b'"' {
                return Some(j + 1);
            }
            j += 2;
        }
    }

    /// Reads the value at `i`; gives the offset after it.
    fn value(&mut self, i: usize) -> Option<usize> {
        let i = skip_space(self.b, i);
        match *self.b.get(i)? {
            b'{' | b'[' if self.keys.len() > self.deepest => self.pass_over(i),
            b'{' => self.items(i, b'}', true),
            b'[' => {
                let keys = &self.keys;
                let path = self.paths.iter().position(|p| {
                    p.len() == keys.len() && p.iter().zip(keys).all(|(a, b)| a.as_bytes() == *b)
                });
                let after = self.items(i, b']', false)?;
                if let Some(path) = path {
                    self.found.push(List {
                        path,
                        start: i + 1,
                        end: after - 1,
                    });
                }
                Some(after)
            }
            b'"' => self.string(i),
            _ => {
                let mut j = i;
                while self
                    .b
                    .get(j)
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                {
                    j += 1;
                }
                (j > i).then_some(j)
            }
        }
    }

    /// The end of the list or object that opens at `i`, below every path
    /// asked for: a record, or something in one. Nothing is looked for
    /// there, so it is passed over flat (a decade's backup is 3.4 MB of
    /// little else), pairing its brackets and skipping its strings. What is
    /// in it is serde_json's to read: every such value is handed to it
    /// (`backup::Reading` reads each record, whose list's commas `members`
    /// checked), so this is as strict as it needs to be, and no stricter.
    fn pass_over(&self, i: usize) -> Option<usize> {
        // Bit k: whether the k-th bracket open from here is a list's.
        let mut lists: u128 = 0;
        let mut open = 0;
        let mut j = i;
        loop {
            match *self.b.get(j)? {
                b'"' => {
                    j = self.string(j)?;
                    continue;
                }
                c @ (b'{' | b'[') => {
                    if self.depth + open == MAX_DEPTH {
                        return None;
                    }
                    lists = lists << 1 | u128::from(c == b'[');
                    open += 1;
                }
                c @ (b'}' | b']') => {
                    if (lists & 1 == 1) != (c == b']') {
                        return None;
                    }
                    lists >>= 1;
                    open -= 1;
                    if open == 0 {
                        return Some(j + 1);
                    }
                }
                _ => {}
            }
            j += 1;
        }
    }

    /// An object's members or a list's items, from its opening `{` or `[`
    /// at `i` to its `close`; gives the offset after `close`.
    fn items(&mut self, i: usize, close: u8, object: bool) -> Option<usize> {
        if self.depth == MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let end = self.members(i, close, object);
        self.depth -= 1;
        end
    }

    fn members(&mut self, i: usize, close: u8, object: bool) -> Option<usize> {
        // An object that may be on the way to a list: its keys are compared
        // as bytes, so one that serde would read differently (escaped) or
        // keep only once (repeated) must not be passed over.
        let on_the_way = object && self.paths.iter().any(|p| self.keys.len() < p.len());
        let mut seen: Vec<&[u8]> = Vec::new();
        let mut i = skip_space(self.b, i + 1);
        if *self.b.get(i)? == close {
            return Some(i + 1);
        }
        loop {
            if object {
                let start = skip_space(self.b, i);
                if self.b.get(start) != Some(&b'"') {
                    return None;
                }
                let end = self.string(start)?;
                i = skip_space(self.b, end);
                if self.b.get(i) != Some(&b':') {
                    return None;
                }
                let key = &self.b[start + 1..end - 1];
                if on_the_way {
                    if key.contains(&b'\\') || seen.contains(&key) {
                        return None;
                    }
                    seen.push(key);
                }
                self.keys.push(key);
                i += 1;
            } else {
                self.keys.push(b"");
            }
            let after = self.value(i);
            self.keys.pop();
            i = skip_space(self.b, after?);
            match *self.b.get(i)? {
                b',' => i += 1,
                c if c == close => return Some(i + 1),
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths() -> Vec<Vec<&'static str>> {
        vec![vec!["document", "a", "b"], vec!["document", "c", "b"]]
    }

    #[test]
    fn lists_are_found_only_where_they_are_and_only_once() {
        let json = r#"{"x":"\"b\":[]","document":{"a":{"b":[1, 2],"z":[{"b":[]}]},"c":{"q":"]","b":[ ]}}}"#;
        let found = lists(json, &paths()).unwrap();
        // (The first "[]" in the text is inside a string.)
        let a = json.find("[1, 2]").unwrap() + 1;
        let c = json.find("[ ]").unwrap() + 1;
        assert_eq!(
            found,
            vec![
                List {
                    path: 0,
                    start: a,
                    end: a + 4
                },
                List {
                    path: 1,
                    start: c,
                    end: c + 1
                },
            ]
        );
        assert_eq!(&json[found[0].start..found[0].end], "1, 2");
        // A path missing or found twice, or text that is not one JSON value.
        assert_eq!(lists(r#"{"document":{"a":{"b":[1]}}}"#, &paths()), None);
        assert_eq!(lists(r#"{"document":{"a":{"b":[]}}} x"#, &paths()[..1]), None);
        assert_eq!(lists(r#"{"document":{"a":{"b":[]"#, &paths()[..1]), None);
        assert_eq!(lists(r#"[{"document":{"a":{"b":[]}}}]"#, &paths()[..1]), None);
    }

    #[test]
    fn below_the_paths_brackets_must_pair_and_strings_hide_them() {
        let found = |items: &str| {
            let json = format!(r#"{{"document":{{"a":{{"b":[{items}]}}}}}}"#);
            lists(&json, &paths()[..1]).map(|l| json[l[0].start..l[0].end].to_owned())
        };
        let records = r#"{"k":"]}[{\"","l":[[{}],{"m":[]}]},[],{}"#;
        assert_eq!(found(records).as_deref(), Some(records));
        for wrong in [r#"{"k":[1}"#, r#"{"k":{"a":1]]"#, r#"[1}"#, r#"{"k":"]"#] {
            assert_eq!(found(wrong), None, "{wrong}");
        }
        assert_eq!(value_end(r#"{"a":[{"b":"]"}],"c":{}} x"#, 0), Some(24));
        assert_eq!(value_end(r#"{"a":[{"b":1}}]"#, 0), None);
    }

    #[test]
    fn a_repeated_or_escaped_key_on_the_way_is_not_passed_over() {
        // serde keeps the last of a repeated key: the list found first would
        // not be the one it reads.
        for json in [
            r#"{"document":{"a":{"b":[1]}},"document":{}}"#,
            r#"{"document":{"a":{"b":[1]},"a":{}}}"#,
            r#"{"document":{"a":{"b":[1],"b":[2]}}}"#,
            r#"{"document":{"a":{"b":[1]}},"docu\u006dent":{}}"#,
        ] {
            assert_eq!(lists(json, &paths()[..1]), None, "{json}");
        }
        // Keys inside the records are for serde alone.
        let json = r#"{"document":{"a":{"b":[{"k":1,"k":2,"\u006b":3}]}}}"#;
        assert!(lists(json, &paths()[..1]).is_some());
    }

    #[test]
    fn nesting_deeper_than_serde_reads_is_given_up_on() {
        let deep = |n: usize| {
            format!(
                r#"{{"document":{{"a":{{"b":[{}{}]}}}}}}"#,
                "[".repeat(n),
                "]".repeat(n)
            )
        };
        assert!(lists(&deep(MAX_DEPTH - 4), &paths()[..1]).is_some());
        assert_eq!(lists(&deep(MAX_DEPTH - 3), &paths()[..1]), None);
        // Far deeper: still an answer, not a stack overflow.
        assert_eq!(lists(&deep(200_000), &paths()[..1]), None);
        assert_eq!(value_end(&"[".repeat(200_000), 0), None);
    }

    #[test]
    fn only_json_space_is_space() {
        assert_eq!(skip_space(b" \t\r\n x", 0), 5);
        // A form feed is not space to serde_json, so not here either.
        assert_eq!(
            lists("{\"document\":{\"a\":{\"b\":[{}\x0c,{}]}}}", &paths()[..1]),
            None
        );
        assert_eq!(value_end(r#" {"a":[1,{"b":"}"}]} ,"#, 0), Some(20));
        assert_eq!(value_end(r#"{"a":[1,"#, 0), None);
    }
}
