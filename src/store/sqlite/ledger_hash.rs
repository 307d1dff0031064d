//! What the ledger hashes, defined once for both backends (DESIGN.md 1.7): a
//! row's canonical encoding, column by column, and the chaining of entries.
//! Changing a byte here changes every head on both backends at once.

use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

pub(crate) const GENESIS: [u8; 32] = [0; 32];

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    hex_onto(&mut text, bytes);
    text
}

/// Bytes as lowercase hex, onto the end of `text` (a buffer reused in a long pass).
pub(crate) fn hex_onto(text: &mut String, bytes: &[u8]) {
    for b in bytes {
        text.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        text.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
}

/// One column of a row into the row's hash, the columns taken in order of name:
/// `name NUL tag value`, with integers and reals as 8 bytes big-endian and text
/// and blobs length-prefixed. NULLs are left out, so a column added later (NULL
/// in old rows) does not change the hash of rows written before it.
///
/// This is the row's canonical encoding for BOTH backends: PostgreSQL hands its
/// values over as SQLite's storage classes (a BOOLEAN as the integer 0 or 1, a
/// BIGINT as an integer, BYTEA as a blob), so the same row hashes the same on
/// either and a record copied between them keeps its chain head.
pub(crate) fn hash_column(h: &mut Sha256, name: &str, value: ValueRef<'_>) {
    let mut bytes = Vec::new();
    encode_column(&mut bytes, name, value);
    h.update(&bytes);
}

/// Appends the bytes [`hash_column`] hashes for one column to `buf`: a whole row
/// encoded into one reused buffer is hashed with one call and no allocation.
pub(crate) fn encode_column(buf: &mut Vec<u8>, name: &str, value: ValueRef<'_>) {
    let (tag, eight, bytes): (u8, [u8; 8], &[u8]) = match value {
        ValueRef::Null => return,
        ValueRef::Integer(n) => (b'i', n.to_be_bytes(), &[]),
        ValueRef::Real(x) => (b'r', x.to_bits().to_be_bytes(), &[]),
        ValueRef::Text(t) => (b't', (t.len() as u64).to_be_bytes(), t),
        ValueRef::Blob(b) => (b'b', (b.len() as u64).to_be_bytes(), b),
    };
    buf.extend_from_slice(name.as_bytes());
    buf.extend_from_slice(&[0, tag]);
    // A number's 8 bytes, or a text's or blob's length before its bytes.
    buf.extend_from_slice(&eight);
    buf.extend_from_slice(bytes);
}

/// The chained hash of one entry.
pub(crate) fn entry_hash(
    prev: &[u8],
    seq: i64,
    tbl: &str,
    k1: i64,
    k2: i64,
    outside: bool,
    row_hash: Option<&[u8]>,
) -> [u8; 32] {
    let seq = seq.to_be_bytes();
    let (k1, k2) = (k1.to_be_bytes(), k2.to_be_bytes());
    let parts: [&[u8]; 8] = [
        prev,
        &seq,
        tbl.as_bytes(),
        &[0],
        &k1,
        &k2,
        &[u8::from(outside)],
        row_hash.unwrap_or_default(),
    ];
    // Hashed in one call from the stack (15 M entries a full verify rechains).
    let mut bytes = [0u8; 256];
    let mut len = 0;
    for part in parts {
        match bytes.get_mut(len..len + part.len()) {
            Some(room) => room.copy_from_slice(part),
            None => return Sha256::digest(parts.concat()).into(),
        }
        len += part.len();
    }
    Sha256::digest(&bytes[..len]).into()
}
