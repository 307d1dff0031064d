//! Keeping the roster (名册): signing in, and adding, renaming and retiring officers.
//! Only an active 科长 changes the roster, except on an empty one, where the first
//! officer becomes its 科长 so that a new office can begin. Every change is one unit
//! of work with its audit row.

use super::Store;
use crate::domain::roster::{
    check_text, may_keep_roster, OfficerRole, RosterError, MAX_NAME, MAX_TITLE,
};
use crate::store::error::Result;
use crate::store::port::{NewOfficer, OfficerChange, Tx};
use crate::store::records::Officer;
use crate::text::clean_input;

/// What `officer add` asks for, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enrolment {
    pub name: String,
    pub role: OfficerRole,
    pub title: Option<String>,
    pub host_account: Option<String>,
}

/// The officer added, and whether they became the first 科长 of an empty roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    pub officer: Officer,
    pub first: bool,
}

impl Store {
    /// Signs the acting officer in: they must be an active officer on the roster
    /// (and, with host binding, on their own host account). On an empty roster the
    /// first officer becomes its 科长.
    pub fn sign_in(&mut self, officer: &str) -> Result<i64> {
        let at = self.cx().stamp();
        self.write(|tx| tx.officer_id(officer, &at))
    }

    /// Turns on (or off) the binding of officers to host accounts for this store:
    /// then an officer with a host account acts only from that account.
    pub fn bind_host_accounts(&mut self, on: bool) {
        self.backend
            .bind_host_accounts(on.then(crate::store::host_account));
    }

    /// Puts `name` on the roster as 科员 (科长 on an empty roster), with no acting
    /// officer to check: for setting an office up from code (test fixtures, the
    /// demo). The command line and the desk use [`Store::enrol`], which does check.
    pub fn add_officer(&mut self, name: &str) -> Result<Officer> {
        self.add_officer_with(&Enrolment {
            name: name.to_string(),
            ..Enrolment::default()
        })
    }

    /// [`Store::add_officer`] with a role, title and host account (a demo's 领导
    /// with their titles); the first officer of an empty roster is still its 科长.
    pub fn add_officer_with(&mut self, new: &Enrolment) -> Result<Officer> {
        let at = self.cx().stamp();
        let new = checked(new)?;
        let id = self.write(|tx| {
            let new = first_is_chief(tx, new.clone())?;
            let id = tx.insert_officer(&new, &at)?;
            tx.audit(
                &at,
                None,
                crate::domain::audit::AuditAction::OfficerAdd,
                &subject(&new),
            )?;
            Ok(id)
        })?;
        self.officer_by_id(id)
    }

    /// `actor` puts an officer on the roster. `actor` must be an active 科长 — but on
    /// an empty roster the first officer becomes 科长: `actor` when given (then
    /// `new` joins as asked), else `new` itself.
    pub fn enrol(&mut self, actor: Option<&str>, new: &Enrolment) -> Result<Enrolled> {
        let at = self.cx().stamp();
        let new = checked(new)?;
        let actor = actor.map(clean_input).filter(|a| !a.is_empty());
        let (id, first) = self.write(|tx| {
            let mut first = false;
            let actor_id = match actor.as_deref() {
                // The first officer adding themselves: they are the 科长.
                Some(a) if a == new.name && roster_empty(tx)? => None,
                Some(a) => Some(chief(tx, a, &at)?),
                None if roster_empty(tx)? => None,
                None => return Err(RosterError::NoActor.into()),
            };
            let mut new = new.clone();
            if actor_id.is_none() {
                new = first_is_chief(tx, new)?;
                first = true;
            }
            let id = tx.insert_officer(&new, &at)?;
            tx.audit(
                &at,
                actor_id.or(Some(id)),
                crate::domain::audit::AuditAction::OfficerAdd,
                &subject(&new),
            )?;
            Ok((id, first))
        })?;
        Ok(Enrolled {
            officer: self.officer_by_id(id)?,
            first,
        })
    }

    /// `actor` (an active 科长) renames an officer; the id stays, so their history
    /// (cases, events, shifts) follows the new name.
    pub fn rename_officer(&mut self, actor: &str, old: &str, new: &str) -> Result<Officer> {
        let at = self.cx().stamp();
        let old = clean_input(old);
        let new = clean_name(new)?;
        let id = self.write(|tx| {
            let actor_id = chief(tx, actor, &at)?;
            let officer = on_roster(tx, &old)?;
            tx.update_officer(
                officer.id,
                &OfficerChange {
                    name: Some(new.clone()),
                    ..OfficerChange::default()
                },
            )?;
            let what = format!("officer:{} renamed_to:{new}", officer.name);
            tx.audit(
                &at,
                Some(actor_id),
                crate::domain::audit::AuditAction::OfficerRename,
                &what,
            )?;
            Ok(officer.id)
        })?;
        self.officer_by_id(id)
    }

    /// `actor` (an active 科长) retires an officer: they stay in history and on the
    /// roster, but can no longer act. The last active 科长 is never retired.
    pub fn retire_officer(&mut self, actor: &str, name: &str) -> Result<Officer> {
        let at = self.cx().stamp();
        let name = clean_input(name);
        let id = self.write(|tx| {
            let actor_id = chief(tx, actor, &at)?;
            let officer = on_roster(tx, &name)?;
            if !officer.active {
                return Err(RosterError::Retired(officer.name).into());
            }
            if officer.role == OfficerRole::Chief && tx.active_chiefs()? <= 1 {
                return Err(RosterError::LastChief(officer.name).into());
            }
            tx.update_officer(
                officer.id,
                &OfficerChange {
                    active: Some(false),
                    ..OfficerChange::default()
                },
            )?;
            let what = format!("officer:{} retired", officer.name);
            tx.audit(
                &at,
                Some(actor_id),
                crate::domain::audit::AuditAction::OfficerRetire,
                &what,
            )?;
            Ok(officer.id)
        })?;
        self.officer_by_id(id)
    }

    fn officer_by_id(&self, id: i64) -> Result<Officer> {
        self.backend
            .officers()?
            .into_iter()
            .find(|o| o.id == id)
            .ok_or_else(|| crate::store::StoreError::NotFound(format!("officer #{id}")))
    }
}

/// The acting officer, who must be an active 科长 (and may act from this account).
fn chief(tx: &mut dyn Tx, actor: &str, at: &str) -> Result<i64> {
    let id = tx.officer_id(actor, at)?;
    let Some(me) = tx.roster_member(&clean_input(actor))? else {
        return Ok(id);
    };
    may_keep_roster(&crate::domain::roster::Member {
        name: &me.name,
        role: me.role,
        active: me.active,
        host_account: me.host_account.as_deref(),
    })?;
    Ok(id)
}

/// The id of an active officer who may handle a case or take a shift over: on the
/// roster, not retired, and not a 领导.
pub(super) fn case_worker_id(tx: &mut dyn Tx, name: &str) -> Result<i64> {
    let id = tx.existing_officer_id(name)?;
    match tx.roster_member(name)? {
        Some(o) if !o.role.works_cases() => Err(RosterError::NotACaseWorker(o.name).into()),
        _ => Ok(id),
    }
}

/// An officer on the roster, active or retired.
fn on_roster(tx: &mut dyn Tx, name: &str) -> Result<Officer> {
    match tx.roster_member(name)? {
        Some(o) => Ok(o),
        // Resolving an unknown name as a handler words the refusal with suggestions.
        None => Err(tx
            .existing_officer_id(name)
            .err()
            .unwrap_or_else(|| crate::store::StoreError::NotFound(format!("officer {name}")))),
    }
}

fn roster_empty(tx: &mut dyn Tx) -> Result<bool> {
    Ok(tx.roster_size()? == 0)
}

/// On an empty roster the first officer is its 科长, whatever was asked.
fn first_is_chief(tx: &mut dyn Tx, mut new: NewOfficer) -> Result<NewOfficer> {
    if roster_empty(tx)? {
        new.role = OfficerRole::Chief;
        new.title = None;
    }
    Ok(new)
}

fn clean_name(name: &str) -> Result<String> {
    let name = clean_input(name);
    check_text(&name, "name", MAX_NAME)?;
    Ok(name)
}

fn checked(e: &Enrolment) -> Result<NewOfficer> {
    let title = e
        .title
        .as_deref()
        .map(clean_input)
        .filter(|t| !t.is_empty());
    if let Some(t) = &title {
        if e.role != OfficerRole::Leader {
            return Err(RosterError::TitleWithoutLeader.into());
        }
        check_text(t, "title", MAX_TITLE)?;
    }
    let host_account = e
        .host_account
        .as_deref()
        .map(clean_input)
        .filter(|a| !a.is_empty());
    if let Some(a) = &host_account {
        check_text(a, "host account", 64)?;
    }
    Ok(NewOfficer {
        name: clean_name(&e.name)?,
        role: e.role,
        title,
        host_account,
    })
}

/// The audit subject of an officer put on the roster.
fn subject(new: &NewOfficer) -> String {
    let mut s = format!("officer:{} role:{}", new.name, new.role.code());
    if let Some(t) = &new.title {
        s.push_str(&format!(" title:{t}"));
    }
    if let Some(a) = &new.host_account {
        s.push_str(&format!(" host_account:{a}"));
    }
    s
}
