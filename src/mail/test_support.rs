//! Test helpers: a minimal RFC 5322 reader and RFC 2047 decoder, enough to check what the transports wrote.

/// A parsed message: unfolded headers in order, and the raw body.
pub(crate) struct Eml {
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Eml {
    /// The first header with this name (case-insensitive), still encoded.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Splits a message into headers and body, accepting CRLF or LF line ends; panics on malformed headers.
pub(crate) fn parse_eml(raw: &str) -> Eml {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((raw.as_str(), ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            let (_, value) = headers.last_mut().unwrap_or_else(|| panic!("continuation line before any header: {line:?}"));
            value.push_str(line);
        } else {
            let (name, value) = line.split_once(':').unwrap_or_else(|| panic!("not a header line: {line:?}"));
            assert!(!name.is_empty() && !name.contains(' '), "bad header name in {line:?}");
            headers.push((name.to_owned(), value.trim_start().to_owned()));
        }
    }
    Eml { headers, body: body.to_owned() }
}

/// Decodes RFC 2047 encoded words (UTF-8, B or Q); whitespace between two encoded words is dropped as the RFC says.
pub(crate) fn decode_header_value(value: &str) -> String {
    let mut out = String::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut prev_encoded = false;
    for (i, token) in value.split_whitespace().enumerate() {
        match decode_word(token) {
            Some(bytes) => {
                if i > 0 && !prev_encoded {
                    out.push(' ');
                }
                pending.extend(bytes);
                prev_encoded = true;
            }
            None => {
                out.push_str(&String::from_utf8_lossy(&std::mem::take(&mut pending)));
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(token);
                prev_encoded = false;
            }
        }
    }
    out.push_str(&String::from_utf8_lossy(&pending));
    out
}

fn decode_word(token: &str) -> Option<Vec<u8>> {
    let inner = token.strip_prefix("=?")?.strip_suffix("?=")?;
    let mut parts = inner.splitn(3, '?');
    let (charset, encoding, text) = (parts.next()?, parts.next()?, parts.next()?);
    assert!(charset.eq_ignore_ascii_case("utf-8"), "unexpected charset in {token}");
    match encoding {
        "b" | "B" => Some(decode_base64(text)),
        "q" | "Q" => Some(decode_q(text)),
        _ => panic!("unknown encoding in {token}"),
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = ALPHABET.iter().position(|&a| a == c).unwrap_or_else(|| panic!("bad base64 in {text}"));
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn decode_q(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'_' => out.push(b' '),
            b'=' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
                out.push(u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad q-encoding in {text}")));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

#[test]
fn decodes_what_lettre_writes() {
    let folded = "Votre =?utf-8?b?YWNjw6hzIMOg?= l'espace =?utf-8?b?dHI=?=  =?utf-8?b?w6hz?= long";
    assert_eq!(decode_header_value(folded), "Votre accès à l'espace très long");
    assert_eq!(decode_header_value("=?UTF-8?Q?caf=C3=A9_cr=C3=A8me?= ok"), "café crème ok");
    assert_eq!(decode_header_value("plain text"), "plain text");
}
