//! What the ledger hashes, defined once for both backends (DESIGN.md 1.7): a
//! row's canonical encoding, column by column, and the chaining of entries.
//! Changing a byte here changes every head on both backends at once.

use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

pub(crate) const GENESIS: [u8; 32] = [0; 32];

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        text.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    text
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
    let (tag, bytes): (u8, std::borrow::Cow<'_, [u8]>) = match value {
        ValueRef::Null => return,
        ValueRef::Integer(n) => (b'i', n.to_be_bytes().to_vec().into()),
        ValueRef::Real(x) => (b'r', x.to_bits().to_be_bytes().to_vec().into()),
        ValueRef::Text(t) => (b't', t.into()),
        ValueRef::Blob(b) => (b'b', b.into()),
    };
    h.update(name.as_bytes());
    h.update([0, tag]);
    if matches!(tag, b't' | b'b') {
        h.update((bytes.len() as u64).to_be_bytes());
    }
    h.update(&bytes);
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
    let mut h = Sha256::new();
    h.update(prev);
    h.update(seq.to_be_bytes());
    h.update(tbl.as_bytes());
    h.update([0]);
    h.update(k1.to_be_bytes());
    h.update(k2.to_be_bytes());
    h.update([u8::from(outside)]);
    if let Some(row) = row_hash {
        h.update(row);
    }
    h.finalize().into()
}
