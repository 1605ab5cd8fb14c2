//! Bounds a GraphQL document before any parser sees it.
//!
//! The parser and the validator recurse into nested list values, object
//! values, selection sets and list types, so a few kilobytes nested a few
//! thousand deep would overflow a thread's stack. One flat pass over the text
//! counts tokens (as graphql-js's `maxTokens` does), top-level definitions
//! and bracket nesting, whatever the construct, and refuses what is over a
//! limit. The token count is also what parsing is charged for.

/// What the pass found in an acceptable document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scanned {
    /// Lexical tokens (punctuators, names, numbers, strings).
    pub tokens: usize,
    /// Top-level definitions: operations and fragments.
    pub definitions: usize,
}

/// The limits the pass enforces.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub max_tokens: usize,
    pub max_nesting: usize,
    pub max_definitions: usize,
}

/// Why a document was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    TooManyTokens(usize),
    TooDeep(usize),
    TooManyDefinitions(usize),
}

impl Refused {
    pub fn message(&self) -> String {
        match self {
            Self::TooManyTokens(max) => format!("The document has more than {max} tokens."),
            Self::TooDeep(max) => format!("The document nests brackets more than {max} deep."),
            Self::TooManyDefinitions(max) => format!("The document has more than {max} operations and fragments."),
        }
    }
}

/// Scans `text` in one pass. Brackets are counted without matching their
/// kinds: the parser reports mismatches; this pass only bounds the work.
pub fn scan(text: &str, bounds: Bounds) -> Result<Scanned, Refused> {
    let bytes = text.as_bytes();
    let (mut i, mut depth, mut tokens, mut definitions) = (0usize, 0usize, 0usize, 0usize);
    let count_token = |tokens: &mut usize| -> Result<(), Refused> {
        *tokens += 1;
        if *tokens > bounds.max_tokens {
            Err(Refused::TooManyTokens(bounds.max_tokens))
        } else {
            Ok(())
        }
    };
    // A top-level definition starts with a keyword or `{` at depth 0; a
    // keyword's own selection set must not count again.
    let mut in_definition_header = false;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            0xEF if bytes[i..].starts_with("\u{FEFF}".as_bytes()) => i += 3,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' => {
                count_token(&mut tokens)?;
                i = skip_string(bytes, i);
            }
            b'{' | b'[' | b'(' => {
                count_token(&mut tokens)?;
                if depth == 0 && b == b'{' {
                    if !in_definition_header {
                        definitions += 1;
                    }
                    in_definition_header = false;
                }
                depth += 1;
                if depth > bounds.max_nesting {
                    return Err(Refused::TooDeep(bounds.max_nesting));
                }
                i += 1;
            }
            b'}' | b']' | b')' => {
                count_token(&mut tokens)?;
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'.' if bytes[i..].starts_with(b"...") => {
                count_token(&mut tokens)?;
                i += 3;
            }
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                count_token(&mut tokens)?;
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                if depth == 0 && !in_definition_header && matches!(&bytes[start..i], b"query" | b"mutation" | b"subscription" | b"fragment")
                {
                    definitions += 1;
                    in_definition_header = true;
                }
            }
            _ if b.is_ascii_digit() || b == b'-' => {
                count_token(&mut tokens)?;
                i += 1;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'.' | b'+' | b'-')) {
                    i += 1;
                }
            }
            _ => {
                // Punctuators (`!`, `$`, `:`, `=`, `@`, `|`, `&`) and anything
                // the parser will reject: one token each.
                count_token(&mut tokens)?;
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if definitions > bounds.max_definitions {
            return Err(Refused::TooManyDefinitions(bounds.max_definitions));
        }
    }
    Ok(Scanned { tokens, definitions })
}

/// The index just past the string that starts at `start` (a `"…"` string with
/// escapes, or a `"""…"""` block string); the end of the text if unterminated.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    if bytes[start..].starts_with(b"\"\"\"") {
        let mut i = start + 3;
        while i < bytes.len() {
            if bytes[i..].starts_with(b"\\\"\"\"") {
                i += 4;
            } else if bytes[i..].starts_with(b"\"\"\"") {
                return i + 3;
            } else {
                i += 1;
            }
        }
        return bytes.len();
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' | b'\r' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDS: Bounds = Bounds { max_tokens: 1_000, max_nesting: 32, max_definitions: 5 };

    #[test]
    fn counts_tokens_and_definitions() {
        let found = scan("query A($x: ID!) { node(id: $x) { id } } fragment F on User { id }", BOUNDS).unwrap();
        assert_eq!(found.definitions, 2);
        assert_eq!(found.tokens, 28);
        assert_eq!(scan("{ a } { b }", BOUNDS).unwrap().definitions, 2);
        assert_eq!(scan("# only a comment\n", BOUNDS).unwrap().tokens, 0);
    }

    #[test]
    fn brackets_inside_strings_and_comments_do_not_nest() {
        let deep = "[".repeat(500);
        let text = format!("{{ a(x: \"{deep}\", y: \"\"\"{deep}\\\"\"\"{deep}\"\"\") # {deep}\n }}");
        assert_eq!(scan(&text, BOUNDS).map(|s| s.definitions), Ok(1));
    }

    #[test]
    fn refuses_every_kind_of_deep_nesting_whatever_the_construct() {
        for (open, close) in [("[", "]"), ("{a:", "}"), ("{ a ", "}"), ("(", ")")] {
            let text = format!("{{ f(x: {}1{}) }}", open.repeat(100_000), close.repeat(100_000));
            assert_eq!(scan(&text, BOUNDS), Err(Refused::TooDeep(32)), "{open}");
        }
    }

    #[test]
    fn refuses_too_many_tokens_or_definitions() {
        let many = "{ a } ".repeat(6);
        assert_eq!(scan(&many, BOUNDS), Err(Refused::TooManyDefinitions(5)));
        let long = format!("{{ {} }}", "a ".repeat(2_000));
        assert_eq!(scan(&long, BOUNDS), Err(Refused::TooManyTokens(1_000)));
        let fragments = "fragment F on User { id } ".repeat(6);
        assert_eq!(scan(&fragments, BOUNDS), Err(Refused::TooManyDefinitions(5)));
    }

    #[test]
    fn odd_bytes_never_panic() {
        for text in ["\"", "\"\"\"", "\"\\", "é{", "{\u{FEFF}}", "-", "...", "..", "\"abc\ndef\""] {
            let _ = scan(text, BOUNDS);
        }
    }
}
