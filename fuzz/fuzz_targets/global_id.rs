//! Global ID decoding: any string either decodes to exactly one ID, whose
//! encoding is that same string, or names nothing. The first bytes also make
//! an ID directly, which must survive encode then decode.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partnerdesk::domain::{GlobalId, NodeKind};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match GlobalId::decode(&text) {
        Some(id) => {
            assert_eq!(id.encode(), text, "a decoded ID encodes to another string");
            assert_eq!(GlobalId::decode(&id.encode()), Some(id), "encode then decode lost the ID");
            for kind in NodeKind::ALL {
                let expected = (kind == id.kind).then_some(id.key);
                assert_eq!(GlobalId::decode_as(&text, kind), expected, "decode_as({kind:?}) disagrees with decode");
            }
        }
        None => {
            for kind in NodeKind::ALL {
                assert_eq!(GlobalId::decode_as(&text, kind), None, "decode_as({kind:?}) accepts what decode refuses");
            }
        }
    }

    // Structured: one byte for the kind, eight for the key.
    if let Some((&k, rest)) = data.split_first() {
        if let Some(key) = rest.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok()).map(i64::from_le_bytes) {
            let id = GlobalId::new(NodeKind::ALL[usize::from(k) % NodeKind::ALL.len()], key);
            // Database keys are positive; those are the IDs that must round-trip.
            if key > 0 {
                assert_eq!(GlobalId::decode(&id.encode()), Some(id), "{id:?} does not round-trip");
            }
        }
    }
});
