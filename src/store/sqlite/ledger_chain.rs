//! The ledger's chain walked entry by entry, the same on both backends: each
//! entry's hash recomputed, no entry missing, the head where it was recorded,
//! rows another program wrote named (DESIGN.md 1.7); and how a check names
//! what it finds.

use super::ledger::{self, entry_hash, hex};
use crate::store::records::VerifyReport;
use std::collections::BTreeSet;

/// The chain's entries checked one by one, in order, as either backend reads
/// them: each one's hash, no entry missing, rows another program wrote.
pub(crate) struct ChainCheck {
    seq: i64,
    prev: Vec<u8>,
    broken: Named,
    outside: Named,
    /// The rows the entries name, when an incremental verify wants them.
    touched: Option<BTreeSet<RowKey>>,
}

impl ChainCheck {
    /// From the entry `seq` whose hash is `prev` (0 and the genesis hash: the
    /// whole chain).
    pub(crate) fn from(seq: i64, prev: Vec<u8>, touched: bool) -> ChainCheck {
        ChainCheck {
            seq,
            prev,
            broken: Named::new("ledger entries that do not match the chain"),
            outside: Named::new("rows written by another program than jiedai"),
            touched: touched.then(BTreeSet::new),
        }
    }

    pub(crate) fn entry(
        &mut self,
        at: i64,
        tbl: &str,
        (k1, k2): (i64, i64),
        by_other: bool,
        row_hash: Option<&[u8]>,
        hash: Vec<u8>,
    ) {
        if at != self.seq + 1 {
            self.broken.push(format!(
                "ledger entries {} to {} are missing (removed from the ledger)",
                self.seq + 1,
                at - 1
            ));
        } else if entry_hash(&self.prev, at, tbl, k1, k2, by_other, row_hash) != hash[..] {
            self.broken.push(format!(
                "ledger entry {at} ({tbl} row {}): does not match its hash (the ledger was \
                 edited)",
                name_key(k1, k2)
            ));
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
        self.prev = hash;
    }

    /// The chain head into the report, checked against the head recorded apart
    /// from the chain; the rows touched (empty unless asked for).
    pub(crate) fn finish(
        self,
        recorded: Option<String>,
        report: &mut VerifyReport,
    ) -> BTreeSet<RowKey> {
        let mut broken = self.broken;
        report.entries = self.seq;
        if self.seq > 0 {
            report.chain_head = Some(format!("{}:{}", self.seq, hex(&self.prev)));
        }
        if recorded.is_some_and(|h| Some(&h) != report.chain_head.as_ref()) {
            broken.push(
                "the newest ledger entries are missing: the ledger ends before its recorded head"
                    .into(),
            );
        }
        broken.into(report);
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
