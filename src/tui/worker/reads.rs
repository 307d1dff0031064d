//! What the worker reads for the screen: the queue and the lists beside it, a case,
//! a person, a lookup's page, and the poll that notices another desk's writes.

use super::*;

impl Worker {
    /// `PRAGMA data_version` moves only when another connection commits, so an
    /// unchanged value means nothing on screen can be stale (except the date).
    pub(super) fn poll(
        &mut self,
        case_no: Option<String>,
        person: Option<i64>,
        officer: Option<String>,
    ) -> bool {
        if self.file_gone() {
            return self.fail(Failed::Load, Problem::Gone);
        }
        let version = match self.store.data_version() {
            Ok(v) => v,
            Err(e) => return self.fail(Failed::Load, e),
        };
        let today = self.store.today();
        let changed = self.data_version != Some(version);
        let new_day = today != self.day;
        self.day = today;
        self.data_version = Some(version);
        if !changed && !new_day {
            return true;
        }
        let mut ok = self.send_queue();
        if changed {
            ok = ok && self.send_lists();
            if let Some(no) = case_no {
                ok = ok && self.send_case(&no);
            }
            if let Some(id) = person {
                ok = ok && self.send_person(id);
            }
            if let Some(officer) = officer {
                ok = ok && self.send_pending(&officer);
            }
        }
        ok
    }

    /// The rows, and how many match in all (a lower bound when the flag says so).
    pub(super) fn lookup(
        &self,
        query: &str,
    ) -> crate::store::Result<(Vec<LookupRow>, usize, bool)> {
        let page = self.store.lookup_page(query, LOOKUP_LIMIT)?;
        let rows = self.store.lookup_rows(&page.hits)?;
        Ok((rows, page.total, page.at_least))
    }

    pub(super) fn send_queue(&self) -> bool {
        match queue_snapshot(&self.store) {
            Ok((rows, counts)) => {
                self.send(Response::Queue { rows, counts })
                    && self.send_receptions()
                    && self.send_follow_ups()
                    && self.send_marks()
            }
            Err(e) => self.fail(Failed::Load, e),
        }
    }

    pub(super) fn send_receptions(&self) -> bool {
        let today = self.store.today();
        match self.store.receptions(today, today) {
            Ok(list) => self.send(Response::Receptions(
                list.into_iter()
                    .map(crate::store::leaders::Reception::brief)
                    .collect(),
            )),
            Err(e) => self.fail(Failed::Load, e),
        }
    }

    pub(super) fn send_follow_ups(&self) -> bool {
        match self.store.follow_ups(true) {
            Ok(list) => self.send(Response::FollowUps(list)),
            Err(e) => self.fail(Failed::Load, e),
        }
    }

    pub(super) fn send_lists(&self) -> bool {
        let lists = (|| {
            let officers = self.store.officers()?;
            let units = self.store.units()?.into_iter().map(|u| u.name).collect();
            let categories = self.store.categories()?;
            crate::store::Result::Ok(Response::Lists {
                officers,
                units,
                categories,
            })
        })();
        match lists {
            Ok(r) => self.send(r),
            Err(e) => self.fail(Failed::Load, e),
        }
    }

    pub(super) fn send_case(&self, case_no: &str) -> bool {
        match self.store.case_detail(case_no) {
            Ok(d) => self.send(Response::Case(Box::new(d))),
            Err(e) => self.fail(Failed::Case, e),
        }
    }

    pub(super) fn send_registers(&self) -> bool {
        match self.store.baoan_list(None) {
            Ok(list) => self.send(Response::Registers(list)),
            Err(e) => self.fail(Failed::Registers, e),
        }
    }

    pub(super) fn send_person(&self, id: i64) -> bool {
        match self.store.person_detail(id) {
            Ok(d) => self.send(Response::Person(Box::new(d))),
            Err(e) => self.fail(Failed::Person, e),
        }
    }
}

/// Today's walk-ins plus anyone still here from an earlier day (a visitor who came
/// at 23:50 is still waiting after midnight): waiting, then receiving, then the rest.
pub fn queue_snapshot(store: &Store) -> crate::store::Result<(Vec<QueueRow>, DeskCounts)> {
    let today = store.today();
    let mut rows = store.queue(today, true)?;
    for row in store.queue(today, false)? {
        if !rows.iter().any(|r| r.contact_id == row.contact_id) {
            rows.push(row);
        }
    }
    rows.sort_by_key(|r| (status_rank(r.status), r.queue_date, r.queue_no));
    let counts = store.desk_counts(today)?;
    Ok((rows, counts))
}

fn status_rank(s: QueueStatus) -> u8 {
    match s {
        QueueStatus::Waiting => 0,
        QueueStatus::Receiving => 1,
        QueueStatus::Done => 2,
        QueueStatus::Left => 3,
    }
}
