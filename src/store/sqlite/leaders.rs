//! The leaders' registers on SQLite: 包案 records with their state log and the
//! later contacts of their people, receptions with the people received, and 督办.

pub(super) use super::rows::{collect, day};
use super::SqliteStore;
use crate::domain::leaders::{BaoanState, Evidence, EvidenceKind, ReceptionKind};
use crate::domain::CaseStatus;
use crate::store::error::Result;
use crate::store::leaders::*;
use crate::text::clean_input;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};

/// The tables; created by the schema migration that introduced them. `IF NOT
/// EXISTS`, so a file whose version was set back (as tests of older files do)
/// migrates again without losing them.
pub(super) const SCHEMA: &str = r#"
    -- 包案: a leader owns a long-standing case until the petitioner stops (息访).
    CREATE TABLE IF NOT EXISTS baoan (
        id              INTEGER PRIMARY KEY,
        petitioner_id   INTEGER NOT NULL REFERENCES petitioners(id),
        leader_id       INTEGER NOT NULL REFERENCES officers(id),
        unit_id         INTEGER NOT NULL REFERENCES units(id),
        keeper          TEXT CHECK (length(keeper) <= 50),
        plan            TEXT NOT NULL CHECK (length(plan) BETWEEN 1 AND 2000),
        target_date     TEXT NOT NULL,
        case_id         INTEGER REFERENCES cases(id),
        state           TEXT NOT NULL CHECK (state IN ('open', 'resolved', 'unresolved')),
        opened_on       TEXT NOT NULL,
        closed_on       TEXT,
        evidence        TEXT,
        evidence_months INTEGER,
        revisits        INTEGER NOT NULL DEFAULT 0,
        created_at      TEXT NOT NULL,
        created_by      INTEGER NOT NULL REFERENCES officers(id)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS baoan_person ON baoan(petitioner_id);
    CREATE INDEX IF NOT EXISTS baoan_leader ON baoan(leader_id);

    -- Every state a record took, on its day: the roster frozen at a period's start
    -- (老户化解息访率) is read from here, whatever happened later.
    CREATE TABLE IF NOT EXISTS baoan_log (
        id         INTEGER PRIMARY KEY,
        baoan_id   INTEGER NOT NULL REFERENCES baoan(id),
        on_day     TEXT NOT NULL,
        state      TEXT NOT NULL,
        evidence   TEXT,
        at         TEXT NOT NULL,
        officer_id INTEGER NOT NULL REFERENCES officers(id)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS baoan_log_record ON baoan_log(baoan_id, on_day);

    -- A later letter or visit by a 包案 老户, and whether their leader was told.
    CREATE TABLE IF NOT EXISTS baoan_hits (
        id         INTEGER PRIMARY KEY,
        baoan_id   INTEGER NOT NULL REFERENCES baoan(id),
        contact_id INTEGER NOT NULL REFERENCES contacts(id),
        at         TEXT NOT NULL,
        reopened   INTEGER NOT NULL DEFAULT 0,
        told_at    TEXT,
        told_by    INTEGER REFERENCES officers(id),
        UNIQUE (baoan_id, contact_id)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS baoan_hits_at ON baoan_hits(at);

    -- 领导接访日, 下访, 联合接访 (Art. 18).
    CREATE TABLE IF NOT EXISTS receptions (
        id         INTEGER PRIMARY KEY,
        leader_id  INTEGER NOT NULL REFERENCES officers(id),
        day        TEXT NOT NULL,
        time       TEXT NOT NULL,
        place      TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
        topic      TEXT NOT NULL CHECK (length(topic) BETWEEN 1 AND 500),
        announced  INTEGER NOT NULL DEFAULT 0,
        units      TEXT NOT NULL DEFAULT '[]',
        kind       TEXT NOT NULL CHECK (kind IN ('reception', 'field', 'joint')),
        created_at TEXT NOT NULL,
        created_by INTEGER NOT NULL REFERENCES officers(id)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS receptions_day ON receptions(day);

    -- A person received there: the leader's 意见/批示 and any 领导交办 with its deadline.
    CREATE TABLE IF NOT EXISTS reception_visits (
        id             INTEGER PRIMARY KEY,
        reception_id   INTEGER NOT NULL REFERENCES receptions(id),
        petitioner_id  INTEGER NOT NULL REFERENCES petitioners(id),
        case_id        INTEGER REFERENCES cases(id),
        contact_id     INTEGER REFERENCES contacts(id),
        opinion        TEXT CHECK (length(opinion) <= 4000),
        assign_unit_id INTEGER REFERENCES units(id),
        deadline       TEXT,
        at             TEXT NOT NULL,
        officer_id     INTEGER NOT NULL REFERENCES officers(id)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS reception_visits_reception ON reception_visits(reception_id);

    -- 督办: a 督办单 with its deadline and, later, its result.
    CREATE TABLE IF NOT EXISTS supervisions (
        id          INTEGER PRIMARY KEY,
        case_id     INTEGER NOT NULL REFERENCES cases(id),
        doc_no      TEXT NOT NULL CHECK (length(doc_no) BETWEEN 1 AND 60),
        deadline    TEXT NOT NULL,
        text        TEXT,
        set_at      TEXT NOT NULL,
        set_by      INTEGER NOT NULL REFERENCES officers(id),
        result      TEXT,
        answered_at TEXT,
        answered_by INTEGER REFERENCES officers(id)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS supervisions_open ON supervisions(deadline) WHERE result IS NULL;
"#;

fn evidence_of(kind: Option<String>, months: Option<u32>) -> Option<Evidence> {
    kind.and_then(|k| EvidenceKind::from_code(&k))
        .map(|kind| Evidence { kind, months })
}

const BAOAN_COLUMNS: &str = "b.id, b.petitioner_id, p.name, l.name, u.name, b.keeper, b.plan,
    b.target_date, c.case_no, c.status, b.state, b.opened_on, b.closed_on, b.evidence,
    b.evidence_months, b.revisits,
    (SELECT max(k.arrived_at) FROM contacts k
      WHERE k.petitioner_id = b.petitioner_id AND k.arrived_at >= b.opened_on),
    (SELECT count(*) FROM baoan_hits h WHERE h.baoan_id = b.id AND h.told_at IS NULL)
    FROM baoan b JOIN petitioners p ON p.id = b.petitioner_id
    JOIN officers l ON l.id = b.leader_id JOIN units u ON u.id = b.unit_id
    LEFT JOIN cases c ON c.id = b.case_id";

fn baoan_row(r: &Row<'_>) -> rusqlite::Result<BaoanRecord> {
    Ok(BaoanRecord {
        id: r.get(0)?,
        petitioner_id: r.get(1)?,
        name: r.get(2)?,
        leader: r.get(3)?,
        unit: r.get(4)?,
        keeper: r.get(5)?,
        plan: r.get(6)?,
        target_date: day(&r.get::<_, String>(7)?),
        case_no: r.get(8)?,
        case_status: r
            .get::<_, Option<String>>(9)?
            .and_then(|s| CaseStatus::from_code(&s)),
        state: BaoanState::from_code(&r.get::<_, String>(10)?).unwrap_or(BaoanState::Open),
        opened_on: day(&r.get::<_, String>(11)?),
        closed_on: r.get::<_, Option<String>>(12)?.map(|s| day(&s)),
        evidence: evidence_of(r.get(13)?, r.get(14)?),
        revisits: r.get(15)?,
        last_contact: r.get::<_, Option<String>>(16)?.map(|s| day(&s)),
        days_since_contact: 0,
        untold: r.get(17)?,
    })
}

const RECEPTION_COLUMNS: &str = "r.id, l.name, r.day, r.time, r.place, r.topic, r.announced,
    r.units, r.kind, (SELECT count(*) FROM reception_visits v WHERE v.reception_id = r.id)
    FROM receptions r JOIN officers l ON l.id = r.leader_id";

fn reception_row(r: &Row<'_>) -> rusqlite::Result<Reception> {
    Ok(Reception {
        id: r.get(0)?,
        leader: r.get(1)?,
        day: day(&r.get::<_, String>(2)?),
        time: r.get(3)?,
        place: r.get(4)?,
        topic: r.get(5)?,
        announced: r.get::<_, i64>(6)? != 0,
        units: serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default(),
        kind: ReceptionKind::from_code(&r.get::<_, String>(8)?).unwrap_or(ReceptionKind::Reception),
        visits: r.get(9)?,
    })
}

const VISIT_COLUMNS: &str = "v.id, v.reception_id, l.name, v.petitioner_id, p.name, c.case_no,
    v.opinion, u.name, v.deadline, v.at
    FROM reception_visits v JOIN receptions r ON r.id = v.reception_id
    JOIN officers l ON l.id = r.leader_id JOIN petitioners p ON p.id = v.petitioner_id
    LEFT JOIN cases c ON c.id = v.case_id LEFT JOIN units u ON u.id = v.assign_unit_id";

fn visit_row(r: &Row<'_>) -> rusqlite::Result<ReceptionVisit> {
    Ok(ReceptionVisit {
        id: r.get(0)?,
        reception_id: r.get(1)?,
        leader: r.get(2)?,
        petitioner_id: r.get(3)?,
        name: r.get(4)?,
        case_no: r.get(5)?,
        opinion: r.get(6)?,
        assign_unit: r.get(7)?,
        deadline: r.get::<_, Option<String>>(8)?.map(|s| day(&s)),
        at: r.get(9)?,
    })
}

fn supervision_row(r: &Row<'_>) -> rusqlite::Result<Supervision> {
    Ok(Supervision {
        id: r.get(0)?,
        case_no: r.get(1)?,
        doc_no: r.get(2)?,
        deadline: day(&r.get::<_, String>(3)?),
        text: r.get(4)?,
        set_on: day(&r.get::<_, String>(5)?),
        result: r.get(6)?,
        answered_on: r.get::<_, Option<String>>(7)?.map(|s| day(&s)),
        days_left: None,
    })
}

impl LeaderBook for SqliteStore {
    fn baoan_list(&self, leader: Option<&str>) -> Result<Vec<BaoanRecord>> {
        let sql = format!(
            "SELECT {BAOAN_COLUMNS} WHERE (?1 IS NULL OR l.name = ?1) ORDER BY l.name, b.state != 'open', p.name, b.id"
        );
        collect(
            self.conn(),
            &sql,
            params![leader.map(clean_input)],
            baoan_row,
        )
    }

    fn baoan_logs(&self, until: NaiveDate) -> Result<Vec<BaoanLog>> {
        let rows = collect(
            self.conn(),
            "SELECT g.baoan_id, g.on_day, g.state, b.petitioner_id,
                    (SELECT max(k.arrived_at) FROM contacts k
                      WHERE k.petitioner_id = b.petitioner_id AND substr(k.arrived_at, 1, 10) <= ?1)
               FROM baoan_log g JOIN baoan b ON b.id = g.baoan_id
              ORDER BY g.baoan_id, g.on_day, g.id",
            [until.to_string()],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    day(&r.get::<_, String>(1)?),
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<String>>(4)?.map(|c| day(&c)),
                ))
            },
        )?;
        Ok(BaoanLog::group(rows))
    }

    fn baoan_hits(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<BaoanHit>> {
        collect(
            self.conn(),
            "SELECT h.baoan_id, b.petitioner_id, p.name, l.name, h.contact_id, h.at, h.reopened, h.told_at
               FROM baoan_hits h JOIN baoan b ON b.id = h.baoan_id
               JOIN petitioners p ON p.id = b.petitioner_id JOIN officers l ON l.id = b.leader_id
              WHERE substr(h.at, 1, 10) >= ?1 AND substr(h.at, 1, 10) < ?2
              ORDER BY h.at, h.id",
            params![from.to_string(), to.to_string()],
            |r| {
                Ok(BaoanHit {
                    baoan_id: r.get(0)?,
                    petitioner_id: r.get(1)?,
                    name: r.get(2)?,
                    leader: r.get(3)?,
                    contact_id: r.get(4)?,
                    at: r.get(5)?,
                    reopened: r.get::<_, i64>(6)? != 0,
                    told_at: r.get(7)?,
                })
            },
        )
    }

    fn receptions(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Reception>> {
        let sql = format!(
            "SELECT {RECEPTION_COLUMNS} WHERE r.day BETWEEN ?1 AND ?2 ORDER BY r.day, r.time, r.id"
        );
        collect(
            self.conn(),
            &sql,
            params![from.to_string(), to.to_string()],
            reception_row,
        )
    }

    fn reception_visits(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ReceptionVisit>> {
        let sql =
            format!("SELECT {VISIT_COLUMNS} WHERE r.day BETWEEN ?1 AND ?2 ORDER BY r.day, v.id");
        collect(
            self.conn(),
            &sql,
            params![from.to_string(), to.to_string()],
            visit_row,
        )
    }

    fn leader_assignments(&self) -> Result<Vec<ReceptionVisit>> {
        let sql = format!(
            "SELECT {VISIT_COLUMNS} WHERE v.deadline IS NOT NULL
               AND (c.status IS NULL OR c.status IN ('registered', 'accepted', 'transferred'))
             ORDER BY v.deadline, v.id"
        );
        collect(self.conn(), &sql, [], visit_row)
    }

    fn baoan_people(&self, ids: &[i64]) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM baoan WHERE petitioner_id = ?1)")?;
        let mut out = Vec::new();
        for id in ids {
            if stmt.query_row([id], |r| r.get::<_, bool>(0))? {
                out.push(*id);
            }
        }
        Ok(out)
    }

    fn supervisions(&self, open_only: bool) -> Result<Vec<Supervision>> {
        collect(
            self.conn(),
            "SELECT s.id, c.case_no, s.doc_no, s.deadline, s.text, s.set_at, s.result, s.answered_at
               FROM supervisions s JOIN cases c ON c.id = s.case_id
              WHERE (?1 = 0 OR s.result IS NULL) ORDER BY s.deadline, s.id",
            params![open_only],
            supervision_row,
        )
    }

    fn reception_by_id(&self, id: i64) -> Result<Option<Reception>> {
        let sql = format!("SELECT {RECEPTION_COLUMNS} WHERE r.id = ?1");
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row([id], reception_row)
            .optional()?)
    }

    fn bookings(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Booking>> {
        super::bookings::bookings(self.conn(), from, to)
    }

    fn reception_marks(&self, on: NaiveDate) -> Result<Vec<ReceptionMark>> {
        super::bookings::reception_marks(self.conn(), on)
    }
}
