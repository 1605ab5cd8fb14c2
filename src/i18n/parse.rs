//! Parsing `.ftl` text around a panic of fluent-syntax 0.12 (found by
//! fuzzing): a bad unicode escape before a non-ASCII character.

use fluent_bundle::FluentResource;

/// `FluentResource::try_new` without a panic of fluent-syntax 0.12: when a
/// string literal holds an invalid `\u`/`\U` escape (too few hex digits)
/// followed by a non-ASCII character, its parser slices the source inside
/// that character to quote the sequence in the error, and panics. Such a
/// literal is a syntax error, so its entry ends up as junk: a first parse
/// with every such character replaced by as many `?` (byte offsets, hence
/// lines, stay the same) shows which ones are in junk, and only those are
/// replaced for the real parse. Elsewhere, as in plain text, a backslash
/// escapes nothing and the text is kept as written.
pub(super) fn parse_resource(text: &str) -> Result<FluentResource, (FluentResource, Vec<fluent_syntax::parser::ParserError>)> {
    let risky = risky_escapes(text);
    if risky.is_empty() {
        return FluentResource::try_new(text.to_owned());
    }
    let probe = match FluentResource::try_new(mask(text, &risky)) {
        Ok(_) => return FluentResource::try_new(text.to_owned()),
        Err((probe, _)) => probe,
    };
    let junk: Vec<std::ops::Range<usize>> = probe
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Junk { content } => {
                let start = content.as_ptr() as usize - text_ptr(&probe);
                Some(start..start + content.len())
            }
            _ => None,
        })
        .collect();
    let bad: Vec<usize> = risky.into_iter().filter(|at| junk.iter().any(|range| range.contains(at))).collect();
    FluentResource::try_new(mask(text, &bad))
}

/// Byte offsets of the non-ASCII characters right after `\u` and fewer than
/// 4 hex digits, or `\U` and fewer than 6.
fn risky_escapes(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (i, pair) in bytes.windows(2).enumerate() {
        let digits = match pair {
            [b'\\', b'u'] => 4,
            [b'\\', b'U'] => 6,
            _ => continue,
        };
        let hex = bytes[i + 2..].iter().take(digits).take_while(|b| b.is_ascii_hexdigit()).count();
        if hex < digits && bytes.get(i + 2 + hex).is_some_and(|b| !b.is_ascii()) {
            found.push(i + 2 + hex);
        }
    }
    found
}

/// `text` with the characters at the byte offsets `at` (ascending, each the
/// start of a character) replaced by one `?` per byte.
fn mask(text: &str, at: &[usize]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for &i in at {
        let width = text[i..].chars().next().map_or(0, char::len_utf8);
        out.push_str(&text[done..i]);
        out.extend(std::iter::repeat_n('?', width));
        done = i + width;
    }
    out.push_str(&text[done..]);
    out
}

/// The address of a resource's source text, to turn AST slices into offsets.
pub(super) fn text_ptr(resource: &FluentResource) -> usize {
    resource.source().as_ptr() as usize
}
