//! `jiedai stats` as both backends read it (`sqlite::stats`, `postgres::stats`):
//! each reads the same few grouped rows into [`StatsParts`], and [`assemble`]
//! puts them together once, so that both answer the same. Also the category
//! catalog the figures fold categories with.

use crate::domain::{CaseStatus, Channel};
use crate::store::port::Ctx;
use crate::store::records::{
    Category, CategoryFigures, ChannelFigures, FlagFigures, ReplyFigures, Stats, StatusFigures,
};
use crate::time::stamp;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Cases record the category as picked: a top-level name, a second-level one, or
/// both (`城乡建设/物业管理`). Figures are by the top level.
pub(crate) struct Catalog {
    top: HashSet<String>,
    parent_of: HashMap<String, String>,
}

impl Catalog {
    /// The catalog of the office's list, top level first, each level in the order
    /// it was added (`Admin::categories`).
    pub(crate) fn of(list: &[Category]) -> Catalog {
        let mut catalog = Catalog {
            top: HashSet::new(),
            parent_of: HashMap::new(),
        };
        for c in list {
            match &c.parent {
                None => {
                    catalog.top.insert(c.name.clone());
                }
                // A second-level name under two parents counts under the first.
                Some(parent) => {
                    catalog
                        .parent_of
                        .entry(c.name.clone())
                        .or_insert_with(|| parent.clone());
                }
            }
        }
        catalog
    }

    pub(crate) fn top_level(&self, raw: Option<&str>) -> Option<String> {
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

/// The rows `jiedai stats` reads for a period, as stored.
#[derive(Default)]
pub(crate) struct StatsParts {
    /// Contacts by channel code: batches and people (人次).
    pub(crate) channels: Vec<(String, u64, u64)>,
    /// Contacts by their case's category as recorded: batches and people.
    pub(crate) contacts_by_category: Vec<(Option<String>, u64, u64)>,
    /// Cases registered in the period by category as recorded and status code.
    pub(crate) new_cases: Vec<(Option<String>, String, u64)>,
    pub(crate) flagged: FlagFigures,
    /// Each case first replied to in the period: the day it was registered and
    /// the day of that reply (`YYYY-MM-DD`).
    pub(crate) replies: Vec<(String, String)>,
    /// Cases past a clock now.
    pub(crate) overdue_now: i64,
    /// Cases first replied to in the period already counted, with their days
    /// from registration to reply added up (the SQLite file's figure sums), on
    /// top of `replies`.
    pub(crate) replied: (u64, i64),
}

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

/// The figures of the local days `from..=to` from the rows read for them.
pub(crate) fn assemble(
    cx: &Ctx,
    from: NaiveDate,
    to: NaiveDate,
    catalog: &Catalog,
    parts: StatsParts,
) -> Stats {
    let mut by_channel: Vec<ChannelFigures> = Channel::ALL
        .iter()
        .map(|&channel| ChannelFigures {
            channel,
            batches: 0,
            people: 0,
        })
        .collect();
    for (code, batches, people) in parts.channels {
        let channel = Channel::from_code(&code);
        if let Some(f) = by_channel.iter_mut().find(|f| Some(f.channel) == channel) {
            f.batches += batches;
            f.people += people;
        }
    }

    let mut categories: HashMap<Option<String>, CategoryFigures> = HashMap::new();
    for (category, batches, people) in parts.contacts_by_category {
        let f = entry(&mut categories, catalog.top_level(category.as_deref()));
        f.batches += batches;
        f.people += people;
    }
    let mut cases_by_status: Vec<StatusFigures> = CaseStatus::ALL
        .iter()
        .map(|&status| StatusFigures { status, cases: 0 })
        .collect();
    let mut new_cases = 0;
    for (category, status, n) in parts.new_cases {
        new_cases += n;
        entry(&mut categories, catalog.top_level(category.as_deref())).new_cases += n;
        let status = CaseStatus::from_code(&status);
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

    let (mut replied, mut total_days) = parts.replied;
    for (registered, reply) in parts.replies {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        if let (Some(registered), Some(reply)) = (day(&registered), day(&reply)) {
            replied += 1;
            total_days += (reply - registered).num_days();
        }
    }
    let average_days =
        (replied > 0).then(|| (total_days as f64 / replied as f64 * 10.0).round() / 10.0);

    let batches = by_channel.iter().map(|f| f.batches).sum();
    let people = by_channel.iter().map(|f| f.people).sum();
    Stats {
        from,
        to,
        as_of: stamp(cx.now),
        batches,
        people,
        by_channel,
        new_cases,
        cases_by_status,
        by_category,
        flagged: parts.flagged,
        overdue_now: u64::try_from(parts.overdue_now).unwrap_or(0),
        replied: ReplyFigures {
            cases: replied,
            average_days,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::Catalog;
    use crate::store::records::Category;

    #[test]
    fn categories_fold_to_their_top_level() {
        let cat = |name: &str, parent: Option<&str>| Category {
            name: name.into(),
            parent: parent.map(Into::into),
        };
        let catalog = Catalog::of(&[
            cat("城乡建设", None),
            cat("其他", None),
            cat("物业管理", Some("城乡建设")),
            cat("物业管理", Some("其他")),
        ]);
        let top = |s| catalog.top_level(Some(s));
        assert_eq!(top("城乡建设").as_deref(), Some("城乡建设"));
        assert_eq!(
            top("物业管理").as_deref(),
            Some("城乡建设"),
            "the first parent"
        );
        assert_eq!(top("城乡建设/物业管理").as_deref(), Some("城乡建设"));
        assert_eq!(top("自创类别").as_deref(), Some("自创类别"));
        assert_eq!(top("  ").as_deref(), None);
        assert_eq!(catalog.top_level(None), None);
    }
}
