//! A cached case of the figure cache (`figure_cache.rs`) as bytes: one blob per
//! case, read back without SQL's column-by-column work. Anything that cannot be
//! read back (cut short, a code this program does not know, text that is not
//! UTF-8) makes the whole cache unusable: the figures are then read from the
//! record.

use crate::domain::figures::RatedWindow;
use crate::domain::ratings::{Rated, RatingResult, RatingStage, Window};
use crate::store::figure_cases::{CaseRead, Derived, Kept, KeptContact};
use crate::store::figure_facts::CaseBrief;
use chrono::NaiveDate;

const LINKED: u8 = 1;
const MERGED: u8 = 2;
const REVIEW_REQUESTED: u8 = 4;
const UNIT: u8 = 8;
const HANDLER: u8 = 16;
const CATEGORY: u8 = 32;
const REPLIED_AT: u8 = 64;
/// Followed by what the figure sums keep of its contacts and replies
/// (`figure_cases::Kept`), in a chunk of its own that a read of the figures skips.
const KEPT: u8 = 128;

/// The bytes of a case read from the record with its facts worked out; none
/// for one without them (never put in the cache).
pub(super) fn encode(id: i64, case: &CaseRead) -> Option<Vec<u8>> {
    let mut out = encode_body(case)?;
    // Each row carries its own seal (of its case's id and bytes), so that the
    // figure sums can check the few rows they take out without reading the
    // whole cache for its digest.
    let seal = row_hash(id, &out);
    out.extend_from_slice(&seal.to_le_bytes());
    Some(out)
}

/// Whether a row is as this program wrote it for case `id` (its seal).
pub(super) fn row_sealed(id: i64, blob: &[u8]) -> bool {
    let Some(at) = blob.len().checked_sub(8) else {
        return false;
    };
    let (body, seal) = blob.split_at(at);
    seal == row_hash(id, body).to_le_bytes()
}

fn encode_body(case: &CaseRead) -> Option<Vec<u8>> {
    let (stored, derived) = (case.stored.as_deref()?, case.derived.as_ref()?);
    let mut out = Vec::with_capacity(96);
    let flag = |on: bool, bit: u8| if on { bit } else { 0 };
    out.push(
        flag(case.linked, LINKED)
            | flag(case.merged, MERGED)
            | flag(derived.review_requested, REVIEW_REQUESTED)
            | flag(stored.unit_id.is_some(), UNIT)
            | flag(stored.handler_id.is_some(), HANDLER)
            | flag(stored.category.is_some(), CATEGORY)
            | flag(case.replied_at.is_some(), REPLIED_AT)
            | flag(case.kept.is_some(), KEPT),
    );
    int(&mut out, stored.first_officer_id);
    stored.unit_id.iter().for_each(|&u| int(&mut out, u));
    stored.handler_id.iter().for_each(|&h| int(&mut out, h));
    bytes(&mut out, case.brief.case_no.as_bytes());
    bytes(&mut out, case.brief.name.as_bytes());
    bytes(&mut out, case.brief.status.as_bytes());
    bytes(&mut out, case.source.as_bytes());
    stored
        .category
        .iter()
        .for_each(|c| bytes(&mut out, c.as_bytes()));
    case.replied_at
        .iter()
        .for_each(|r| bytes(&mut out, r.as_bytes()));
    bytes(&mut out, &stored.registered);
    bytes(&mut out, &stored.updated);
    day(&mut out, Some(case.brief.registered_on));
    for d in [
        derived.handle_due,
        derived.closed_on,
        derived.replied_on,
        derived.review_window_ends,
        derived.upper_due,
        derived.reported_back_on,
    ] {
        day(&mut out, d);
    }
    int(&mut out, derived.rated.len() as i64);
    for w in &derived.rated {
        out.push(place(RatingStage::ALL, w.rated.window.stage));
        day(&mut out, Some(w.rated.window.opened_on));
        day(&mut out, Some(w.rated.window.closes_on));
        match w.rated.rating {
            None => out.push(0),
            Some((result, on)) => {
                out.push(place(RatingResult::ALL, result) + 1);
                day(&mut out, Some(on));
            }
        }
        out.push(u8::from(w.deemed_satisfied));
    }
    if let Some(kept) = case.kept.as_deref() {
        bytes(&mut out, &encode_kept(kept));
    }
    Some(out)
}

fn encode_kept(k: &Kept) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + 12 * k.contacts.len());
    int(&mut out, i64::from(k.contacts_after_registration));
    int(&mut out, i64::from(k.contacts_after_reply));
    out.push(u8::from(k.same_source) | u8::from(k.sound) << 1);
    int(&mut out, k.contacts.len() as i64);
    for c in &k.contacts {
        int(&mut out, c.id);
        int(&mut out, i64::from(days_of(c.on)));
        bytes(&mut out, c.channel.as_bytes());
        int(&mut out, c.headcount);
        out.push(c.marks);
    }
    int(&mut out, k.replies.len() as i64);
    for d in &k.replies {
        int(&mut out, i64::from(days_of(*d)));
    }
    out
}

fn days_of(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    d.num_days_from_ce()
}

/// What the figure sums keep of a cached case (its `Kept` chunk); none for a
/// row written without it.
pub(super) fn decode_kept(blob: &[u8]) -> Result<Option<Kept>, Damaged> {
    let Some((_, chunk)) = decode_parts(blob, |_, _| true)? else {
        return Ok(None);
    };
    let Some(chunk) = chunk else {
        return Ok(None);
    };
    let mut r = Reader { rest: chunk };
    let count = |v: i64| u32::try_from(v).map_err(|_| Damaged);
    let contacts_after_registration = count(r.int()?)?;
    let contacts_after_reply = count(r.int()?)?;
    let marks = r.byte()?;
    let n = usize::try_from(r.int()?).map_err(|_| Damaged)?;
    let mut contacts = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        contacts.push(KeptContact {
            id: r.int()?,
            on: r.day_number()?,
            channel: r.text()?,
            headcount: r.int()?,
            marks: r.byte()?,
        });
    }
    let n = usize::try_from(r.int()?).map_err(|_| Damaged)?;
    let mut replies = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        replies.push(r.day_number()?);
    }
    if !r.rest.is_empty() {
        return Err(Damaged);
    }
    Ok(Some(Kept {
        contacts_after_registration,
        contacts_after_reply,
        same_source: marks & 1 != 0,
        sound: marks & 2 != 0,
        contacts,
        replies,
    }))
}

/// A cached case as read back, its ids not named yet.
pub(super) struct Decoded {
    pub(super) case: CaseRead,
    pub(super) category: Option<String>,
    pub(super) unit_id: Option<i64>,
    pub(super) handler_id: Option<i64>,
    pub(super) first_officer_id: i64,
}

/// The case in `blob`, with the first ten bytes of its registration and last
/// change (checked first, so that a case that cannot count is not read further
/// by the caller's `wanted`); `Err` for bytes that cannot be read back.
pub(super) fn decode(
    blob: &[u8],
    wanted: impl FnOnce(&[u8], &[u8]) -> bool,
) -> Result<Option<Decoded>, Damaged> {
    Ok(decode_parts(blob, wanted)?.map(|(d, _)| d))
}

/// [`decode`], with the bytes of the case's `Kept` chunk if it has one.
#[allow(clippy::type_complexity)]
fn decode_parts(
    blob: &[u8],
    wanted: impl FnOnce(&[u8], &[u8]) -> bool,
) -> Result<Option<(Decoded, Option<&[u8]>)>, Damaged> {
    let body = blob
        .get(..blob.len().checked_sub(8).ok_or(Damaged)?)
        .ok_or(Damaged)?;
    let mut r = Reader { rest: body };
    let flags = r.byte()?;
    let first_officer_id = r.int()?;
    let unit_id = (flags & UNIT != 0).then(|| r.int()).transpose()?;
    let handler_id = (flags & HANDLER != 0).then(|| r.int()).transpose()?;
    let case_no = r.text()?;
    let name = r.text()?;
    let status = r.text()?;
    let source = r.text()?;
    let category = (flags & CATEGORY != 0).then(|| r.text()).transpose()?;
    let replied_at = (flags & REPLIED_AT != 0).then(|| r.text()).transpose()?;
    let (registered, updated) = (r.bytes()?, r.bytes()?);
    if !wanted(registered, updated) {
        return Ok(None);
    }
    let registered_on = r.day()?.ok_or(Damaged)?;
    let mut days = [None; 6];
    for d in &mut days {
        *d = r.day()?;
    }
    let count = usize::try_from(r.int()?).map_err(|_| Damaged)?;
    let mut rated = Vec::with_capacity(count.min(8));
    for _ in 0..count {
        let stage = *RatingStage::ALL
            .get(usize::from(r.byte()?))
            .ok_or(Damaged)?;
        let opened_on = r.day()?.ok_or(Damaged)?;
        let closes_on = r.day()?.ok_or(Damaged)?;
        let rating = match r.byte()? {
            0 => None,
            n => Some((
                *RatingResult::ALL.get(usize::from(n) - 1).ok_or(Damaged)?,
                r.day()?.ok_or(Damaged)?,
            )),
        };
        rated.push(RatedWindow {
            rated: Rated {
                window: Window {
                    stage,
                    opened_on,
                    closes_on,
                },
                rating,
            },
            deemed_satisfied: r.byte()? != 0,
        });
    }
    let kept = (flags & KEPT != 0).then(|| r.bytes()).transpose()?;
    if !r.rest.is_empty() {
        return Err(Damaged);
    }
    let [handle_due, closed_on, replied_on, review_window_ends, upper_due, reported_back_on] = days;
    let brief = CaseBrief {
        case_no,
        name,
        registered_on,
        status,
        category: None,
        unit: None,
        handle_due: None,
        closed_on: None,
    };
    let mut case = CaseRead::new(brief, source, None);
    case.replied_at = replied_at;
    case.linked = flags & LINKED != 0;
    case.merged = flags & MERGED != 0;
    case.derived = Some(Derived {
        handle_due,
        closed_on,
        replied_on,
        review_window_ends,
        review_requested: flags & REVIEW_REQUESTED != 0,
        upper_due,
        reported_back_on,
        rated,
    });
    Ok(Some((
        Decoded {
            case,
            category,
            unit_id,
            handler_id,
            first_officer_id,
        },
        kept,
    )))
}

/// Bytes the cache cannot read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Damaged;

fn place<T: PartialEq>(all: &[T], v: T) -> u8 {
    all.iter().position(|x| *x == v).unwrap_or(0) as u8
}

/// A signed integer, zigzag and seven bits a byte (the figure sums' months too).
pub(super) fn int(out: &mut Vec<u8>, v: i64) {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    loop {
        let low = (z & 0x7f) as u8;
        z >>= 7;
        if z == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

pub(super) fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    int(out, b.len() as i64);
    out.extend_from_slice(b);
}

/// A day as days from 1 January of year 1 (`i32::MIN`: none).
fn day(out: &mut Vec<u8>, d: Option<NaiveDate>) {
    use chrono::Datelike;
    let n = d.map_or(i32::MIN, |d| d.num_days_from_ce());
    out.extend_from_slice(&n.to_le_bytes());
}

pub(super) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(super) fn new(rest: &'a [u8]) -> Self {
        Reader { rest }
    }

    pub(super) fn at_end(&self) -> bool {
        self.rest.is_empty()
    }

    pub(super) fn byte(&mut self) -> Result<u8, Damaged> {
        let (&b, rest) = self.rest.split_first().ok_or(Damaged)?;
        self.rest = rest;
        Ok(b)
    }

    pub(super) fn int(&mut self) -> Result<i64, Damaged> {
        let mut z = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            z |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok((z >> 1) as i64 ^ -((z & 1) as i64));
            }
        }
        Err(Damaged)
    }

    pub(super) fn bytes(&mut self) -> Result<&'a [u8], Damaged> {
        let n = usize::try_from(self.int()?).map_err(|_| Damaged)?;
        if n > self.rest.len() {
            return Err(Damaged);
        }
        let (b, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(b)
    }

    pub(super) fn text(&mut self) -> Result<String, Damaged> {
        let b = self.bytes()?;
        std::str::from_utf8(b)
            .map(str::to_string)
            .map_err(|_| Damaged)
    }

    /// A day written as a number (`int`), as the `Kept` chunk writes them.
    fn day_number(&mut self) -> Result<NaiveDate, Damaged> {
        let n = self.int32()?;
        NaiveDate::from_num_days_from_ce_opt(n).ok_or(Damaged)
    }

    /// An `int` that must fit 32 bits (a day's number).
    pub(super) fn int32(&mut self) -> Result<i32, Damaged> {
        i32::try_from(self.int()?).map_err(|_| Damaged)
    }

    fn day(&mut self) -> Result<Option<NaiveDate>, Damaged> {
        if self.rest.len() < 4 {
            return Err(Damaged);
        }
        let (b, rest) = self.rest.split_at(4);
        self.rest = rest;
        let n = i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if n == i32::MIN {
            return Ok(None);
        }
        NaiveDate::from_num_days_from_ce_opt(n)
            .map(Some)
            .ok_or(Damaged)
    }
}

/// A row's part of the cache's digest (the digest is their exclusive or, so that
/// a few rows written again change it by their own parts). Not a seal — anyone
/// who can write the file can write the record too, which the ledger answers
/// for — but a row edited, lost or added by anything else than this program is
/// noticed, and the cache worked out again.
pub(super) fn row_hash(id: i64, blob: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = (id as u64 ^ 0x9e37_79b9_7f4a_7c15).wrapping_mul(K);
    let mut chunks = blob.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(23) ^ w).wrapping_mul(K);
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h.rotate_left(23) ^ u64::from_le_bytes(last) ^ blob.len() as u64).wrapping_mul(K);
    h ^ (h >> 29)
}
