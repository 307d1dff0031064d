//! The ledger's chain walked entry by entry, the same on both backends: each
//! entry's hash recomputed (none is kept per entry, see ledger_store.rs) and
//! checked at every mark and at the recorded head, no entry missing, rows another
//! program wrote named (DESIGN.md 1.7); and how a check names what it finds.

use super::ledger::{self, entry_hash, hex};
use super::ledger_store::MARK_EVERY;
use crate::store::records::VerifyReport;
use std::collections::{BTreeSet, HashMap};

/// The chain's entries checked one by one, in order, as either backend reads
/// them: each one's hash recomputed and held against the marks, no entry
/// missing, rows another program wrote.
pub(crate) struct ChainCheck {
    seq: i64,
    /// The chain hash so far; `None` from a break until the next mark.
    prev: Option<[u8; 32]>,
    /// The last entry whose chain hash was found right (at a mark, or the start).
    sound: i64,
    /// The ledger's table numbers with their names, by number (a few dozen:
    /// looked up once per entry, faster sorted than hashed).
    names: Vec<(i64, String)>,
    marks: std::iter::Peekable<std::vec::IntoIter<(i64, Vec<u8>)>>,
    broken: Named,
    outside: Named,
    /// The rows the entries name, when an incremental verify wants them.
    touched: Option<BTreeSet<RowKey>>,
}

impl ChainCheck {
    /// From the entry `seq` whose hash is `prev` (0 and the genesis hash: the
    /// whole chain), with the ledger's table numbers and its marks after `seq`,
    /// in order.
    pub(crate) fn from(
        seq: i64,
        prev: Option<[u8; 32]>,
        names: HashMap<i64, String>,
        marks: Vec<(i64, Vec<u8>)>,
        touched: bool,
    ) -> ChainCheck {
        ChainCheck {
            seq,
            prev,
            sound: seq,
            names: {
                let mut names: Vec<(i64, String)> = names.into_iter().collect();
                names.sort_unstable();
                names
            },
            marks: marks.into_iter().peekable(),
            broken: Named::new("ledger entries that do not match the chain"),
            outside: Named::new("rows written by another program than jiedai"),
            touched: touched.then(BTreeSet::new),
        }
    }

    /// One entry as stored: its number, its table's number, its key, whether
    /// another program wrote the row, the row's hash.
    pub(crate) fn entry(
        &mut self,
        at: i64,
        code: i64,
        (k1, k2): (i64, i64),
        by_other: bool,
        row_hash: Option<&[u8]>,
    ) {
        if at != self.seq + 1 {
            self.broken.push(format!(
                "ledger entries {} to {} are missing (removed from the ledger)",
                self.seq + 1,
                at - 1
            ));
            self.prev = None;
        }
        let known = self.names.binary_search_by_key(&code, |(c, _)| *c);
        let tbl = match known.ok().and_then(|i| self.names.get(i)) {
            Some((_, name)) => name.as_str(),
            None => {
                self.broken.push(format!(
                    "ledger entry {at}: names a table the ledger does not know (the ledger \
                     was edited)"
                ));
                self.prev = None;
                "?"
            }
        };
        self.prev = self
            .prev
            .map(|p| entry_hash(&p, at, tbl, k1, k2, by_other, row_hash));
        while self.marks.peek().is_some_and(|(m, _)| *m < at) {
            self.marks.next();
        }
        if at % MARK_EVERY == 0 {
            match self.marks.peek() {
                Some((m, kept)) if *m == at => {
                    if self.prev.is_some_and(|p| p[..] != kept[..]) {
                        self.broken.push(format!(
                            "ledger entries {} to {at}: do not match the chain's mark at entry \
                             {at} (the ledger was edited)",
                            self.sound + 1
                        ));
                    }
                    // Go on from the mark, so that one edit is named once.
                    self.prev = <[u8; 32]>::try_from(kept.as_slice()).ok();
                    self.sound = at;
                    self.marks.next();
                }
                _ => self.broken.push(format!(
                    "ledger entry {at}: its mark of the chain is missing (the ledger was edited)"
                )),
            }
        }
        if by_other {
            self.outside.push(format!(
                "{tbl} row {}: written by another program than jiedai (sealed at ledger entry {at})",
                name_key(k1, k2)
            ));
        }
        if let (Some(touched), Some(t)) = (self.touched.as_mut(), ledger::table(tbl)) {
            touched.insert((t.name, k1, k2));
        }
        self.seq = at;
    }

    /// The chain head into the report, checked against the head recorded apart
    /// from the chain (`SEQ`, hash); the rows touched (empty unless asked for).
    pub(crate) fn finish(
        mut self,
        recorded: Option<(i64, Vec<u8>)>,
        report: &mut VerifyReport,
    ) -> BTreeSet<RowKey> {
        let seq = self.seq;
        report.entries = seq;
        match &recorded {
            Some((at, _)) if *at > seq || self.marks.peek().is_some() => self.broken.push(
                "the newest ledger entries are missing: the ledger ends before its recorded head"
                    .into(),
            ),
            Some((at, _)) if *at < seq => self.broken.push(format!(
                "ledger entries {} to {seq} come after the recorded head (added behind the \
                 program's back)",
                at + 1
            )),
            Some((_, hash)) if self.prev.is_some_and(|p| p[..] != hash[..]) => {
                self.broken.push(format!(
                    "ledger entries {} to {seq}: do not match the recorded head (the ledger was \
                     edited)",
                    self.sound + 1
                ))
            }
            _ => {}
        }
        if seq > 0 {
            let head = self
                .prev
                .map(|p| p.to_vec())
                .or_else(|| recorded.filter(|(at, _)| *at == seq).map(|(_, hash)| hash));
            report.chain_head = head.map(|h| format!("{seq}:{}", hex(&h)));
        }
        self.broken.into(report);
        self.outside.into(report);
        self.touched.unwrap_or_default()
    }
}

/// Differences named one by one per table (and per kind of check); the rest are
/// counted, so a mass edit does not bury the first difference.
const NAMED: usize = 5;

/// A row of a ledgered table, as the ledger names it.
pub(crate) type RowKey = (&'static str, i64, i64);

pub(crate) fn name_key(k1: i64, k2: i64) -> String {
    if k2 == 0 {
        k1.to_string()
    } else {
        format!("({k1}, {k2})")
    }
}

/// Problems of one kind: the first few named, the rest counted.
pub(crate) struct Named {
    what: &'static str,
    named: Vec<String>,
    more: usize,
}

impl Named {
    pub(crate) fn new(what: &'static str) -> Named {
        Named {
            what,
            named: Vec::new(),
            more: 0,
        }
    }

    pub(crate) fn push(&mut self, problem: String) {
        if self.named.len() < NAMED {
            self.named.push(problem);
        } else {
            self.more += 1;
        }
    }

    pub(crate) fn into(self, report: &mut VerifyReport) {
        report.problems.extend(self.named);
        if self.more > 0 {
            report
                .problems
                .push(format!("and {} more {}", self.more, self.what));
        }
    }
}
