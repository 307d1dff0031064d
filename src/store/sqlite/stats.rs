//! Figures for a period (`jiedai stats`): contacts by channel and by category, people
//! (人次) and batches (批次), new cases and where they stand now, flagged contacts,
//! overdue cases, and how long replies took.

use super::SqliteStore;
use crate::domain::{CaseStatus, Channel};
use crate::store::error::Result;
use crate::store::port::Ctx;
use crate::store::records::{
    CategoryFigures, ChannelFigures, DayRange, FlagFigures, ReplyFigures, Stats, StatusFigures,
};
use crate::time::stamp;
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::{HashMap, HashSet};

/// Cases record the category as picked: a top-level name, a second-level one, or
/// both (`城乡建设/物业管理`). Figures are by the top level.
pub(super) struct Catalog {
    top: HashSet<String>,
    parent_of: HashMap<String, String>,
}

impl Catalog {
    pub(super) fn top_level(&self, raw: Option<&str>) -> Option<String> {
        let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
        if self.top.contains(raw) {
            return Some(raw.to_string());
        }
        if let Some(parent) = self.parent_of.get(raw) {
            return Some(parent.clone());
        }
        let head = raw
            .split(['/', '／', '>', '＞'])
            .next()
            .unwrap_or(raw)
            .trim();
        Some(if self.top.contains(head) { head } else { raw }.to_string())
    }
}

impl SqliteStore {
    pub(super) fn catalog(&self) -> Result<Catalog> {
        let mut catalog = Catalog {
            top: HashSet::new(),
            parent_of: HashMap::new(),
        };
        let mut stmt = self
            .conn()
            .prepare("SELECT name, parent FROM categories ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (name, parent): (String, String) = (r.get(0)?, r.get(1)?);
            if parent.is_empty() {
                catalog.top.insert(name);
            } else {
                // A second-level name under two parents counts under the first.
                catalog.parent_of.entry(name).or_insert(parent);
            }
        }
        Ok(catalog)
    }

    /// The figures for the local days `from..=to`.
    pub(super) fn stats(&self, cx: &Ctx, from: NaiveDate, to: NaiveDate) -> Result<Stats> {
        let (lo, hi) = DayRange {
            from: Some(from),
            to: Some(to),
        }
        .bounds();
        let conn = self.conn();
        let catalog = self.catalog()?;

        let mut by_channel: Vec<ChannelFigures> = Channel::ALL
            .iter()
            .map(|&channel| ChannelFigures {
                channel,
                batches: 0,
                people: 0,
            })
            .collect();
        let mut stmt = conn.prepare(
            "SELECT channel, count(*), coalesce(sum(headcount), 0) FROM contacts
             WHERE arrived_at >= ?1 AND arrived_at < ?2 GROUP BY channel",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            let channel = Channel::from_code(&r.get::<_, String>(0)?);
            if let Some(f) = by_channel.iter_mut().find(|f| Some(f.channel) == channel) {
                f.batches += r.get::<_, u64>(1)?;
                f.people += r.get::<_, u64>(2)?;
            }
        }

        let mut categories: HashMap<Option<String>, CategoryFigures> = HashMap::new();
        fn entry(
            map: &mut HashMap<Option<String>, CategoryFigures>,
            category: Option<String>,
        ) -> &mut CategoryFigures {
            map.entry(category.clone())
                .or_insert_with(|| CategoryFigures {
                    category,
                    batches: 0,
                    people: 0,
                    new_cases: 0,
                })
        }
        let mut stmt = conn.prepare(
            "SELECT c.category, count(*), coalesce(sum(k.headcount), 0)
             FROM contacts k JOIN cases c ON c.id = k.case_id
             WHERE k.arrived_at >= ?1 AND k.arrived_at < ?2 GROUP BY c.category",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            let f = entry(
                &mut categories,
                catalog.top_level(r.get::<_, Option<String>>(0)?.as_deref()),
            );
            f.batches += r.get::<_, u64>(1)?;
            f.people += r.get::<_, u64>(2)?;
        }

        let mut cases_by_status: Vec<StatusFigures> = CaseStatus::ALL
            .iter()
            .map(|&status| StatusFigures { status, cases: 0 })
            .collect();
        let mut new_cases = 0;
        let mut stmt = conn.prepare(
            "SELECT category, status, count(*) FROM cases
             WHERE registered_at >= ?1 AND registered_at < ?2 GROUP BY category, status",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            let n: u64 = r.get(2)?;
            new_cases += n;
            entry(
                &mut categories,
                catalog.top_level(r.get::<_, Option<String>>(0)?.as_deref()),
            )
            .new_cases += n;
            let status = CaseStatus::from_code(&r.get::<_, String>(1)?);
            if let Some(f) = cases_by_status
                .iter_mut()
                .find(|f| Some(f.status) == status)
            {
                f.cases += n;
            }
        }
        let mut by_category: Vec<CategoryFigures> = categories.into_values().collect();
        by_category.sort_by(|a, b| {
            (a.category.is_none(), std::cmp::Reverse(a.batches))
                .cmp(&(b.category.is_none(), std::cmp::Reverse(b.batches)))
                .then(b.new_cases.cmp(&a.new_cases))
                .then(a.category.cmp(&b.category))
        });

        // Flags are stored as a JSON array of codes; a quoted code matches only itself.
        let flagged = conn.query_row(
            r#"SELECT coalesce(sum(instr(flags, '"repeat"') > 0), 0),
                      coalesce(sum(instr(flags, '"collective"') > 0), 0),
                      coalesce(sum(instr(flags, '"long_standing"') > 0), 0),
                      coalesce(sum(instr(flags, '"closed_matter"') > 0), 0)
               FROM contacts WHERE arrived_at >= ?1 AND arrived_at < ?2"#,
            params![lo, hi],
            |r| {
                Ok(FlagFigures {
                    repeat: r.get(0)?,
                    collective: r.get(1)?,
                    long_standing: r.get(2)?,
                    closed_matter: r.get(3)?,
                })
            },
        )?;

        // A case is replied to once; its first reply in the period counts.
        let mut stmt = conn.prepare(
            "SELECT substr(c.registered_at, 1, 10), substr(min(e.at), 1, 10)
             FROM events e JOIN cases c ON c.id = e.case_id
             WHERE e.kind = 'reply' AND e.at >= ?1 AND e.at < ?2 GROUP BY e.case_id",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        let (mut replied, mut total_days) = (0u64, 0i64);
        while let Some(r) = rows.next()? {
            let day = |s: String| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok();
            if let (Some(registered), Some(reply)) = (day(r.get(0)?), day(r.get(1)?)) {
                replied += 1;
                total_days += (reply - registered).num_days();
            }
        }
        let average_days =
            (replied > 0).then(|| (total_days as f64 / replied as f64 * 10.0).round() / 10.0);

        let batches = by_channel.iter().map(|f| f.batches).sum();
        let people = by_channel.iter().map(|f| f.people).sum();
        Ok(Stats {
            from,
            to,
            as_of: stamp(cx.now),
            batches,
            people,
            by_channel,
            new_cases,
            cases_by_status,
            by_category,
            flagged,
            overdue_now: u64::try_from(self.desk_counts(cx.today())?.overdue_cases).unwrap_or(0),
            replied: ReplyFigures {
                cases: replied,
                average_days,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Catalog;

    #[test]
    fn categories_fold_to_their_top_level() {
        let catalog = Catalog {
            top: ["城乡建设".to_string(), "其他".to_string()].into(),
            parent_of: [("物业管理".to_string(), "城乡建设".to_string())].into(),
        };
        let top = |s| catalog.top_level(Some(s));
        assert_eq!(top("城乡建设").as_deref(), Some("城乡建设"));
        assert_eq!(top("物业管理").as_deref(), Some("城乡建设"));
        assert_eq!(top("城乡建设/物业管理").as_deref(), Some("城乡建设"));
        assert_eq!(top("自创类别").as_deref(), Some("自创类别"));
        assert_eq!(top("  ").as_deref(), None);
        assert_eq!(catalog.top_level(None), None);
    }
}
