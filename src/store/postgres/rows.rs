//! Small statements shared by the unit of work and the books: the roster, the
//! lists, counters and the audit log. Each helper takes any client (a
//! transaction of a unit of work, or the connection for a read).

use super::prepared;
use crate::domain::catalog::{DEFAULT_CATEGORIES, DEFAULT_UNITS};
use crate::domain::roster::{check_text, may_act, Member, OfficerRole, RosterError, MAX_NAME};
use crate::store::error::{Result, StoreError};
use crate::store::port::{Duty, NewOfficer, OfficerChange};
use crate::store::records::{Category, Officer, Unit};
use crate::text::clean_input;
use postgres::types::{FromSql, ToSql};
use postgres::GenericClient;

pub(super) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// The first column of the one row `sql` returns.
pub(super) fn one<C: GenericClient, T: for<'r> FromSql<'r>>(
    c: &mut C,
    sql: &str,
    params: Params<'_>,
) -> Result<T> {
    Ok(prepared::run(c, sql, |c, s| c.query_one(s, params))?.try_get(0)?)
}

/// The first column of the row `sql` returns, if any.
pub(super) fn opt<C: GenericClient, T: for<'r> FromSql<'r>>(
    c: &mut C,
    sql: &str,
    params: Params<'_>,
) -> Result<Option<T>> {
    Ok(prepared::run(c, sql, |c, s| c.query_opt(s, params))?
        .map(|r| r.try_get(0))
        .transpose()?)
}

/// The first column of every row `sql` returns.
pub(super) fn col<C: GenericClient, T: for<'r> FromSql<'r>>(
    c: &mut C,
    sql: &str,
    params: Params<'_>,
) -> Result<Vec<T>> {
    prepared::run(c, sql, |c, s| c.query(s, params))?
        .iter()
        .map(|r| Ok(r.try_get(0)?))
        .collect()
}

/// The one row `sql` returns, if any.
pub(super) fn row<C: GenericClient>(
    c: &mut C,
    sql: &str,
    params: Params<'_>,
) -> Result<Option<postgres::Row>> {
    Ok(prepared::run(c, sql, |c, s| c.query_opt(s, params))?)
}

/// Every row `sql` returns.
pub(super) fn all<C: GenericClient>(
    c: &mut C,
    sql: &str,
    params: Params<'_>,
) -> Result<Vec<postgres::Row>> {
    Ok(prepared::run(c, sql, |c, s| c.query(s, params))?)
}

pub(super) fn exec<C: GenericClient>(c: &mut C, sql: &str, params: Params<'_>) -> Result<u64> {
    Ok(prepared::run(c, sql, |c, s| c.execute(s, params))?)
}

/// A count or a number of days stored as BIGINT, as the records hold it.
pub(super) fn small(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

/// The next number of a named sequence, allocated in the caller's transaction:
/// the row stays locked until it commits, so two desks never draw the same
/// number, and a unit of work that fails gives its number back.
pub(super) fn next_number<C: GenericClient>(c: &mut C, name: &str) -> Result<i64> {
    one(
        c,
        "INSERT INTO counters(name, value) VALUES ($1, 1)
         ON CONFLICT(name) DO UPDATE SET value = counters.value + 1
         RETURNING value",
        &[&name],
    )
}

pub(super) fn insert_audit<C: GenericClient>(
    c: &mut C,
    at: &str,
    officer_id: Option<i64>,
    action: crate::domain::audit::AuditAction,
    subject: &str,
) -> Result<()> {
    exec(
        c,
        "INSERT INTO audit(at, officer_id, host_account, action, subject) VALUES ($1, $2, $3, $4, $5)",
        &[&at, &officer_id, &crate::store::host_account(), &action.as_str(), &subject],
    )?;
    Ok(())
}

// ---- the roster ----

const OFFICER_COLUMNS: &str = "id, name, role, title, active, host_account";

fn officer_row(r: &postgres::Row) -> Result<Officer> {
    let role: String = r.try_get(2)?;
    Ok(Officer {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        role: OfficerRole::from_code(&role).unwrap_or_default(),
        title: r.try_get(3)?,
        active: r.try_get(4)?,
        host_account: r.try_get(5)?,
    })
}

pub(super) fn officers<C: GenericClient>(c: &mut C) -> Result<Vec<Officer>> {
    c.query(
        &format!("SELECT {OFFICER_COLUMNS} FROM officers ORDER BY active DESC, name"),
        &[],
    )?
    .iter()
    .map(officer_row)
    .collect()
}

pub(super) fn member<C: GenericClient>(c: &mut C, name: &str) -> Result<Option<Officer>> {
    row(
        c,
        &format!("SELECT {OFFICER_COLUMNS} FROM officers WHERE name = $1"),
        &[&name],
    )?
    .as_ref()
    .map(officer_row)
    .transpose()
}

fn as_member(o: &Officer) -> Member<'_> {
    Member {
        name: &o.name,
        role: o.role,
        active: o.active,
        host_account: o.host_account.as_deref(),
    }
}

pub(super) fn clean_name(name: &str) -> Result<String> {
    let name = clean_input(name);
    if name.is_empty() {
        return Err(StoreError::Invalid(
            "no officer on duty: give --officer NAME (or set `officer` in the config file)".into(),
        ));
    }
    check_text(&name, "name", MAX_NAME)?;
    Ok(name)
}

/// A name's reading, for the closest names to a typo.
fn pinyin(name: &str) -> String {
    crate::search::name_pinyin(name).full
}

fn unknown<C: GenericClient>(c: &mut C, name: &str) -> Result<StoreError> {
    let active: Vec<String> = officers(c)?
        .into_iter()
        .filter(|o| o.active)
        .map(|o| o.name)
        .collect();
    Ok(RosterError::unknown(name, active.iter().map(String::as_str), pinyin).into())
}

pub(super) fn roster_size<C: GenericClient>(c: &mut C) -> Result<i64> {
    one(c, "SELECT count(*) FROM officers", &[])
}

pub(super) fn active_chiefs<C: GenericClient>(c: &mut C) -> Result<i64> {
    one(
        c,
        "SELECT count(*) FROM officers WHERE role = 'chief' AND active",
        &[],
    )
}

/// The acting officer, as on SQLite (`sqlite::roster::acting`): on an empty
/// roster the first name to act becomes its 科长, recorded.
pub(super) fn acting<C: GenericClient>(
    c: &mut C,
    name: &str,
    at: &str,
    running_as: Option<&str>,
) -> Result<i64> {
    let name = clean_name(name)?;
    let found = member(c, &name)?;
    act_as(c, &name, found, at, running_as)
}

/// [`acting`] and where the officer's shifts stand (`Tx::acting_on_duty`), read
/// with the roster's row in one round trip.
pub(super) fn acting_on_duty<C: GenericClient>(
    c: &mut C,
    name: &str,
    at: &str,
    running_as: Option<&str>,
) -> Result<(i64, Duty)> {
    let name = clean_name(name)?;
    let found = row(c, &acting_sql("$1"), &[&name])?;
    on_duty_from(c, &name, found.as_ref(), at, running_as)
}

/// The roster's row of the officer named by `param` with where their shifts
/// stand: the officer's columns, then the open shift, then how the latest ended.
pub(super) fn acting_sql(param: &str) -> String {
    format!(
        "SELECT {OFFICER_COLUMNS},
                (SELECT s.id FROM shifts s WHERE s.officer_id = o.id AND s.ended_at IS NULL
                 ORDER BY s.id DESC LIMIT 1),
                last.handed_to, last.ended_at
         FROM officers o
         LEFT JOIN LATERAL (
             SELECT h.name AS handed_to, s.ended_at FROM shifts s
             LEFT JOIN officers h ON h.id = s.handed_to
             WHERE s.officer_id = o.id
             ORDER BY s.started_at::timestamptz DESC, s.id DESC LIMIT 1) last ON TRUE
         WHERE o.name = {param}"
    )
}

/// The acting officer and their duty from a row of [`acting_sql`] (`None`, or a
/// row whose officer columns are null, when the name is not on the roster).
pub(super) fn on_duty_from<C: GenericClient>(
    c: &mut C,
    name: &str,
    found: Option<&postgres::Row>,
    at: &str,
    running_as: Option<&str>,
) -> Result<(i64, Duty)> {
    let found = match found {
        Some(r) if r.try_get::<_, Option<i64>>(0)?.is_some() => Some(r),
        _ => None,
    };
    let duty = match found {
        Some(r) => {
            let open: Option<i64> = r.try_get(6)?;
            let to: Option<String> = r.try_get(7)?;
            let ended: Option<String> = r.try_get(8)?;
            Duty {
                open,
                handed_over: open.is_none().then(|| to.zip(ended)).flatten(),
            }
        }
        // Not on the roster: refused below, or its first officer, with no shift.
        None => Duty::default(),
    };
    let found = found.map(officer_row).transpose()?;
    Ok((act_as(c, name, found, at, running_as)?, duty))
}

fn act_as<C: GenericClient>(
    c: &mut C,
    name: &str,
    found: Option<Officer>,
    at: &str,
    running_as: Option<&str>,
) -> Result<i64> {
    match found {
        Some(o) => {
            let owner: Option<String> = match running_as {
                Some(account) => opt(
                    c,
                    "SELECT name FROM officers WHERE host_account = $1",
                    &[&account],
                )?,
                None => None,
            };
            may_act(&as_member(&o), running_as, owner.as_deref())?;
            Ok(o.id)
        }
        None if roster_size(c)? == 0 => {
            let new = NewOfficer {
                name: name.to_string(),
                role: OfficerRole::Chief,
                ..Default::default()
            };
            let id = insert_officer(c, &new, at)?;
            let subject = format!("officer:{name} role:chief first_officer");
            insert_audit(
                c,
                at,
                Some(id),
                crate::domain::audit::AuditAction::OfficerAdd,
                &subject,
            )?;
            Ok(id)
        }
        None => Err(unknown(c, name)?),
    }
}

pub(super) fn active_id<C: GenericClient>(c: &mut C, name: &str) -> Result<i64> {
    let name = clean_name(name)?;
    match member(c, &name)? {
        Some(o) if o.active => Ok(o.id),
        Some(o) => Err(RosterError::Retired(o.name).into()),
        None => Err(unknown(c, &name)?),
    }
}

pub(super) fn insert_officer<C: GenericClient>(
    c: &mut C,
    new: &NewOfficer,
    at: &str,
) -> Result<i64> {
    if member(c, &new.name)?.is_some() {
        return Err(RosterError::Taken(new.name.clone()).into());
    }
    if let Some(account) = &new.host_account {
        let holder: Option<String> = opt(
            c,
            "SELECT name FROM officers WHERE host_account = $1",
            &[account],
        )?;
        if let Some(officer) = holder {
            return Err(RosterError::AccountTaken {
                account: account.clone(),
                officer,
            }
            .into());
        }
    }
    one(
        c,
        "INSERT INTO officers(name, role, title, host_account, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        &[
            &new.name,
            &new.role.code(),
            &new.title,
            &new.host_account,
            &at,
        ],
    )
}

pub(super) fn update_officer<C: GenericClient>(
    c: &mut C,
    id: i64,
    change: &OfficerChange,
) -> Result<()> {
    if let Some(name) = &change.name {
        if member(c, name)?.is_some_and(|o| o.id != id) {
            return Err(RosterError::Taken(name.clone()).into());
        }
        exec(
            c,
            "UPDATE officers SET name = $2 WHERE id = $1",
            &[&id, name],
        )?;
    }
    if let Some(active) = change.active {
        exec(
            c,
            "UPDATE officers SET active = $2 WHERE id = $1",
            &[&id, &active],
        )?;
    }
    Ok(())
}

// ---- units and categories ----

/// Fills the lists of a new record once; an office's later edits are never undone.
/// Whether the default lists were put in already.
pub(super) fn seeded<C: GenericClient>(c: &mut C) -> Result<bool> {
    let seeded: Option<String> = opt(c, "SELECT value FROM meta WHERE key = 'seeded'", &[])?;
    Ok(seeded.is_some())
}

pub(super) fn seed_defaults<C: GenericClient>(c: &mut C, now: &str) -> Result<()> {
    if seeded(c)? {
        return Ok(());
    }
    for unit in DEFAULT_UNITS {
        exec(
            c,
            "INSERT INTO units(name, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[unit, &now],
        )?;
    }
    for (top, subs) in DEFAULT_CATEGORIES {
        exec(
            c,
            "INSERT INTO categories(name, parent) VALUES ($1, '') ON CONFLICT DO NOTHING",
            &[top],
        )?;
        for sub in *subs {
            exec(
                c,
                "INSERT INTO categories(name, parent) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[sub, top],
            )?;
        }
    }
    exec(
        c,
        "INSERT INTO meta(key, value) VALUES ('seeded', $1), ('created_at', $1)",
        &[&now],
    )?;
    Ok(())
}

pub(super) fn checked_list_name(name: &str, max: usize, what: &str) -> Result<String> {
    let name = clean_input(name);
    if name.is_empty() || name.chars().count() > max {
        return Err(StoreError::Invalid(format!(
            "{what} needs 1 to {max} characters"
        )));
    }
    Ok(name)
}

pub(super) fn unit_id<C: GenericClient>(c: &mut C, name: &str) -> Result<i64> {
    let name = clean_input(name);
    opt(c, "SELECT id FROM units WHERE name = $1", &[&name])?.ok_or_else(|| {
        StoreError::NotFound(format!(
            "no unit named {}; `jiedai unit list` shows the units, `jiedai unit add NAME` adds one",
            crate::text::excerpt(&name, 40)
        ))
    })
}

pub(super) fn units<C: GenericClient>(c: &mut C) -> Result<Vec<Unit>> {
    c.query("SELECT id, name FROM units ORDER BY id", &[])?
        .iter()
        .map(|r| {
            Ok(Unit {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
            })
        })
        .collect()
}

pub(super) fn categories<C: GenericClient>(c: &mut C) -> Result<Vec<Category>> {
    c.query(
        "SELECT name, parent FROM categories ORDER BY (parent <> ''), id",
        &[],
    )?
    .iter()
    .map(|r| {
        let parent: String = r.try_get(1)?;
        Ok(Category {
            name: r.try_get(0)?,
            parent: Some(parent).filter(|p| !p.is_empty()),
        })
    })
    .collect()
}

pub(super) fn add_unit<C: GenericClient>(c: &mut C, name: &str, now: &str) -> Result<Unit> {
    exec(
        c,
        "INSERT INTO units(name, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        &[&name, &now],
    )?;
    Ok(Unit {
        id: unit_id(c, name)?,
        name: name.to_string(),
    })
}

pub(super) fn add_category<C: GenericClient>(
    c: &mut C,
    name: &str,
    parent: Option<&str>,
) -> Result<Category> {
    if let Some(p) = parent {
        let known: Option<i64> = opt(
            c,
            "SELECT id FROM categories WHERE name = $1 AND parent = ''",
            &[&p],
        )?;
        if known.is_none() {
            return Err(StoreError::NotFound(format!(
                "no top-level category named {p:?}"
            )));
        }
    }
    exec(
        c,
        "INSERT INTO categories(name, parent) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        &[&name, &parent.unwrap_or("")],
    )?;
    Ok(Category {
        name: name.to_string(),
        parent: parent.map(str::to_string),
    })
}
