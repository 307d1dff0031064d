//! The timeline replayed by `verify`: its own hash chain, and that every case's
//! status, handler, unit and first officer are what its events say. A full
//! verify replays every event of the record (9 M at a million petitioners), so
//! an event costs no allocation here: its fields are read in place, its hash
//! computed in a reused buffer, and a case's state is one map entry.

use super::events::{chain_preimage, step_of, GENESIS};
use super::ledger::{hex, hex_onto, RowCodec};
use super::rows::{blob_at, text_at};
use super::scan::{int_at, opt_int_at, Cells, Scan};
use super::verify_feed::FeedOut;
use crate::domain::lifecycle::apply_step;
use crate::domain::{CaseStatus, EventKind};
use crate::store::error::Result;
use crate::store::records::VerifyReport;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// What a case's timeline says of it so far.
#[derive(Default)]
struct CaseLine {
    /// `None` until its registration.
    status: Option<CaseStatus>,
    /// Who registered it: its first officer (首问责任人), for good.
    registrar: Option<i64>,
    /// Who handles it and which unit, once an event named them (registration,
    /// then every assignment and transfer).
    handler: Option<Option<i64>>,
    unit: Option<Option<String>>,
    /// Whether an event names the case, and whether the case is on file: an
    /// event whose case is not is a dangling reference (full replay only).
    named: bool,
    on_file: bool,
}

/// At most this many cases are made room for by id (past it, by key).
const ROOM_AT_MOST: usize = 4_000_000;

/// Every case's line: by its id up to the largest case id on file (ids are
/// dense, and a lookup per event is then an index, not a hash), by key past it
/// (an event naming a case that is gone) and for the few cases of an
/// incremental replay.
struct Lines {
    dense: Vec<CaseLine>,
    spill: HashMap<i64, CaseLine>,
}

impl Lines {
    /// The line of a case an event names.
    fn named(&mut self, case_id: i64) -> &mut CaseLine {
        let line = match usize::try_from(case_id)
            .ok()
            .filter(|&i| i < self.dense.len())
        {
            Some(i) => &mut self.dense[i],
            None => self.spill.entry(case_id).or_default(),
        };
        line.named = true;
        line
    }

    fn get(&self, case_id: i64) -> Option<&CaseLine> {
        match usize::try_from(case_id)
            .ok()
            .filter(|&i| i < self.dense.len())
        {
            Some(i) => self.dense.get(i),
            None => self.spill.get(&case_id),
        }
    }

    fn mark_on_file(&mut self, case_id: i64) {
        match usize::try_from(case_id)
            .ok()
            .filter(|&i| i < self.dense.len())
        {
            Some(i) => self.dense[i].on_file = true,
            None => {
                if let Some(line) = self.spill.get_mut(&case_id) {
                    line.on_file = true;
                }
            }
        }
    }

    /// Whether a case an event names is not on file.
    fn any_dangling(&self) -> bool {
        let dangling = |l: &CaseLine| l.named && !l.on_file;
        self.dense.iter().any(dangling) || self.spill.values().any(dangling)
    }
}

/// Replays the timeline. With `only`, just the timelines of those cases (an
/// incremental verify), without the chain walk. `tick` hears now and then the id
/// of the event reached. A full replay also tells whether every event's case and
/// officer is on file (`Some(true)`: its references need no other check); `None`
/// when it did not look. With `feed` (a full replay), every event's row is
/// hashed as the ledger hashes it and handed over (verify_feed.rs).
pub(super) fn check_timeline(
    conn: &Connection,
    only: Option<&std::collections::BTreeSet<i64>>,
    report: &mut VerifyReport,
    tick: &mut dyn FnMut(i64),
    mut feed: Option<FeedOut>,
) -> Result<Option<bool>> {
    let filter = |column: &str| match only {
        Some(_) => format!("WHERE {column} IN (SELECT value FROM json_each(?1))"),
        None => "WHERE ?1 IS NULL".to_string(),
    };
    let ids = only.map(|set| serde_json::to_string(set).unwrap_or_default());
    // A case's events are not neighbours in the chain: the incremental check reads
    // each one's predecessor by its key; the full walk keeps the one it just read.
    let before = match only {
        Some(_) => {
            "(SELECT p.hash FROM events p WHERE p.id < events.id ORDER BY p.id DESC LIMIT 1)"
        }
        None => "NULL",
    };
    // The full walk reads the whole row, as the ledger hashes it (key first).
    // Every event of the record in a full replay: read through `Scan`.
    let mut rows = match only {
        Some(_) => Scan::prepare(
            conn,
            &format!(
                "SELECT id, case_id, at, officer_id, kind, detail, {before}, hash FROM events {}
                 ORDER BY id",
                filter("case_id")
            ),
        )?,
        None => Scan::prepare(conn, "SELECT rowid, 0, * FROM events ORDER BY rowid")?,
    };
    let names = rows.column_names();
    let at = Columns::of(&names, only.is_some())?;
    let mut codec = feed.as_ref().map(|_| RowCodec::of_names(&names, 2..));
    let officer_ids: HashMap<String, i64> = conn
        .prepare("SELECT name, id FROM officers")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let officers: Vec<i64> = conn
        .prepare("SELECT id FROM officers ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let cases: Option<i64> = conn.query_row("SELECT max(id) FROM cases", [], |r| r.get(0))?;
    let largest = usize::try_from(cases.unwrap_or(0)).unwrap_or(0);
    let dense = if only.is_none() && largest < ROOM_AT_MOST {
        largest + 1
    } else {
        0
    };
    let mut lines = Lines {
        dense: std::iter::repeat_with(CaseLine::default)
            .take(dense)
            .collect(),
        spill: HashMap::with_capacity(only.map_or(0, |set| set.len())),
    };
    // An event whose officer is not on file (its case: see `Lines`).
    let mut stray_officer = false;
    let mut chain = EventChain::default();
    if let Some(ids) = &ids {
        rows.bind_text(1, ids)?;
    }
    let mut seen = 0u32;
    while let Some(r) = rows.next()? {
        let id = int_at(&r, at.id)?;
        seen = seen.wrapping_add(1);
        if seen.is_multiple_of(65_536) {
            tick(id);
        }
        if let (Some(feed), Some(codec)) = (feed.as_mut(), codec.as_mut()) {
            feed.push(((int_at(&r, 0)?, int_at(&r, 1)?), codec.hash(&r)?));
        }
        let case_id = int_at(&r, at.case_id)?;
        let officer_id = int_at(&r, at.officer_id)?;
        let kind = text_at(&r, at.kind)?;
        let detail = text_at(&r, at.detail)?;
        let before = match at.before {
            Some(i) => blob_at(&r, i)?,
            None => None,
        };
        let event = StoredEvent {
            id,
            case_id,
            at: text_at(&r, at.at)?,
            officer_id,
            kind,
            detail,
            hash: blob_at(&r, at.hash)?.unwrap_or_default(),
        };
        chain.check(&event, only.map(|_| before), report);
        stray_officer |= officers.binary_search(&officer_id).is_err();
        let line = lines.named(case_id);
        let kind = EventKind::from_code(kind);
        if kind == Some(EventKind::Registered) {
            line.status = Some(CaseStatus::Registered);
            line.registrar.get_or_insert(officer_id);
            line.handler = Some(Some(officer_id));
        }
        if matches!(
            kind,
            Some(EventKind::Assign | EventKind::Transfer | EventKind::AssignDown)
        ) {
            let detail: serde_json::Value = serde_json::from_str(detail).unwrap_or_default();
            if let Some(name) = detail.get("handler").and_then(|h| h.as_str()) {
                line.handler = Some(officer_ids.get(name).copied());
            }
            if let Some(name) = detail.get("unit").and_then(|u| u.as_str()) {
                line.unit = Some(Some(name.to_string()));
            }
        }
        if let Some(step) = kind.and_then(step_of) {
            if let Some(s) = line.status.as_mut() {
                match apply_step(*s, step) {
                    Ok(next) => *s = next,
                    Err(e) => report.problems.push(format!("event {id}: {e}")),
                }
            }
        }
    }
    if let Some(feed) = feed {
        feed.end();
    }
    if only.is_none() {
        let head: Option<String> = conn
            .prepare_cached("SELECT value FROM meta WHERE key = 'chain_head'")?
            .query_row([], |r| r.get(0))
            .optional()?;
        chain.end(head, report);
    }
    let mut rows = Scan::prepare(
        conn,
        &format!(
            "SELECT c.id, c.case_no, c.status, c.first_officer_id, c.handler_id, u.name
             FROM cases c LEFT JOIN units u ON u.id = c.unit_id {} ORDER BY c.id",
            filter("c.id")
        ),
    )?;
    if let Some(ids) = &ids {
        rows.bind_text(1, ids)?;
    }
    let none = CaseLine::default();
    while let Some(r) = rows.next()? {
        if only.is_none() {
            report.cases += 1;
        }
        let id = int_at(&r, 0)?;
        lines.mark_on_file(id);
        let case_no = text_at(&r, 1)?;
        let stored = text_at(&r, 2)?;
        let first_officer = int_at(&r, 3)?;
        let handler_id = opt_int_at(&r, 4)?;
        let unit_name = match r.cell(5)? {
            ValueRef::Null => None,
            _ => Some(text_at(&r, 5)?),
        };
        let line = lines.get(id).unwrap_or(&none);
        if line.handler.is_some_and(|h| h != handler_id) {
            report.problems.push(format!(
                "case {case_no}: its handler differs from the last assignment on its timeline"
            ));
        }
        if line.unit.as_ref().and_then(|u| u.as_deref()) != unit_name {
            report.problems.push(format!(
                "case {case_no}: its unit differs from the last transfer or assignment on its timeline"
            ));
        }
        if let Some(registered_by) = line.registrar {
            if registered_by != first_officer {
                report.problems.push(format!(
                    "case {case_no}: its first officer was changed (officer #{first_officer} on record, but officer #{registered_by} registered it)"
                ));
            }
        }
        match line.status {
            None => report
                .problems
                .push(format!("case {case_no}: no registration on its timeline")),
            Some(s) if s.code() != stored => report.problems.push(format!(
                "case {case_no}: status is {stored} but its timeline says {}",
                s.code()
            )),
            _ => {}
        }
    }
    Ok(only
        .is_none()
        .then(|| !stray_officer && !lines.any_dangling()))
}

/// Where the replay finds an event's fields in its statement.
struct Columns {
    id: usize,
    case_id: usize,
    at: usize,
    officer_id: usize,
    kind: usize,
    detail: usize,
    /// The predecessor's hash, read by key (an incremental replay only).
    before: Option<usize>,
    hash: usize,
}

impl Columns {
    /// The fields by name, past the key the full walk reads first;
    /// `incremental`: in the order the incremental statement names them.
    fn of(names: &[String], incremental: bool) -> rusqlite::Result<Columns> {
        if incremental {
            return Ok(Columns {
                id: 0,
                case_id: 1,
                at: 2,
                officer_id: 3,
                kind: 4,
                detail: 5,
                before: Some(6),
                hash: 7,
            });
        }
        let find = |name: &str| {
            (2..names.len())
                .find(|&i| names[i] == name)
                .ok_or_else(|| rusqlite::Error::InvalidColumnName(name.to_string()))
        };
        Ok(Columns {
            id: find("id")?,
            case_id: find("case_id")?,
            at: find("at")?,
            officer_id: find("officer_id")?,
            kind: find("kind")?,
            detail: find("detail")?,
            before: None,
            hash: find("hash")?,
        })
    }
}

/// A stored event, as the timeline's check reads it on either backend.
pub(crate) struct StoredEvent<'a> {
    pub id: i64,
    pub case_id: i64,
    pub at: &'a str,
    pub officer_id: i64,
    pub kind: &'a str,
    pub detail: &'a str,
    pub hash: &'a [u8],
}

/// The timeline's own chain checked event by event, as either backend reads it.
#[derive(Default)]
pub(crate) struct EventChain {
    /// The hash of the event read before (`None`: none yet).
    prev: Option<Vec<u8>>,
    last_id: i64,
    /// The previous hash as hex, and an event's hashed bytes: reused from event
    /// to event.
    prev_hex: String,
    buf: Vec<u8>,
}

impl EventChain {
    /// `before` is `None` in a full walk (events in order: each one is checked
    /// against the one read before it, and numbered right after it); in an
    /// incremental check it is the predecessor's hash, read by key.
    pub(crate) fn check(
        &mut self,
        e: &StoredEvent<'_>,
        before: Option<Option<&[u8]>>,
        report: &mut VerifyReport,
    ) {
        let id = e.id;
        self.prev_hex.clear();
        let follows = match before {
            None => {
                report.events += 1;
                // Events are numbered one after another and never deleted: a
                // gap is an event taken out.
                let gap = id != self.last_id + 1;
                self.last_id = id;
                let follows = self.prev.is_some();
                let kept = self.prev.get_or_insert_with(Vec::new);
                hex_onto(&mut self.prev_hex, kept);
                kept.clear();
                kept.extend_from_slice(e.hash);
                if gap {
                    report.problems.push(format!(
                        "event {id}: the chain is broken before it (an event was removed or reordered)"
                    ));
                    return;
                }
                follows
            }
            Some(before) => {
                hex_onto(&mut self.prev_hex, before.unwrap_or_default());
                before.is_some()
            }
        };
        let prev = if follows {
            self.prev_hex.as_bytes()
        } else {
            GENESIS.as_bytes()
        };
        self.buf.clear();
        chain_preimage(
            &mut self.buf,
            prev,
            e.case_id,
            e.at,
            e.officer_id,
            e.kind,
            e.detail,
        );
        if Sha256::digest(&self.buf)[..] != *e.hash {
            report.problems.push(format!(
                "event {id}: its content does not match its hash (it was edited)"
            ));
        }
    }

    /// After a full walk: the head recorded apart from the chain must be where the
    /// chain ends, or its newest events were cut.
    pub(crate) fn end(&self, recorded: Option<String>, report: &mut VerifyReport) {
        let reached = self
            .prev
            .as_deref()
            .map_or_else(|| GENESIS.to_string(), hex);
        if recorded.is_some_and(|h| h != reached) {
            report.problems.push(
                "the newest events are missing: the timeline ends before the recorded head of its chain"
                    .into(),
            );
        }
    }
}
