//! The roster (名册): who may act at the desk, in which role, and the rules that say
//! who may change it. Nothing here reads the record: the store hands in the officers
//! it holds and the host account the process runs as.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An officer's role. Stored and printed (JSON) by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficerRole {
    /// 科员: receives people and works cases.
    #[default]
    Clerk,
    /// 科长: also keeps the roster.
    Chief,
    /// 领导: a leader (with a title such as 副县长) who holds receptions and owns 包案.
    Leader,
}

impl OfficerRole {
    pub const ALL: &'static [OfficerRole] =
        &[OfficerRole::Clerk, OfficerRole::Chief, OfficerRole::Leader];

    /// The stable code stored in the database and printed in JSON.
    pub fn code(self) -> &'static str {
        match self {
            OfficerRole::Clerk => "clerk",
            OfficerRole::Chief => "chief",
            OfficerRole::Leader => "leader",
        }
    }

    pub fn from_code(code: &str) -> Option<OfficerRole> {
        OfficerRole::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// What an officer types: the Chinese name of the role or its code.
    pub fn parse(text: &str) -> Option<OfficerRole> {
        match text.trim() {
            "科员" => Some(OfficerRole::Clerk),
            "科长" => Some(OfficerRole::Chief),
            "领导" => Some(OfficerRole::Leader),
            other => OfficerRole::from_code(&other.to_ascii_lowercase()),
        }
    }

    /// Whether someone in this role works cases at the desk: handles them and
    /// takes a shift over. A 领导 receives people on reception days and owns 包案,
    /// but is never a case's handler nor the next officer on duty.
    pub fn works_cases(self) -> bool {
        self != OfficerRole::Leader
    }

    /// The Chinese name of the role, as the office says it.
    pub fn zh(self) -> &'static str {
        match self {
            OfficerRole::Clerk => "科员",
            OfficerRole::Chief => "科长",
            OfficerRole::Leader => "领导",
        }
    }
}

impl fmt::Display for OfficerRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One officer as the roster rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<'a> {
    pub name: &'a str,
    pub role: OfficerRole,
    pub active: bool,
    pub host_account: Option<&'a str>,
}

/// Why the roster refused; each front end words it (see `words::roster`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterError {
    /// Nobody of this name is on the roster; `closest` are the likeliest intended names.
    Unknown { name: String, closest: Vec<String> },
    /// On the roster, but retired: stays in history, cannot act.
    Retired(String),
    /// Only an active 科长 keeps the roster.
    NotChief { actor: String, role: OfficerRole },
    /// The roster already has an officer of this name.
    Taken(String),
    /// The host account is bound to an officer (`bound`) and the process runs as
    /// another account (`running_as`).
    HostBound {
        officer: String,
        bound: Option<String>,
        running_as: String,
        /// The officer the running account is bound to, when it is someone else.
        account_of: Option<String>,
    },
    /// Another officer already has this host account.
    AccountTaken { account: String, officer: String },
    /// Retiring them would leave no active 科长 to keep the roster.
    LastChief(String),
    /// A title is for leaders only.
    TitleWithoutLeader,
    /// A name or title that is empty or too long.
    BadText { what: &'static str, max: usize },
    /// Nobody acting: roster changes need `--officer` (except the first officer).
    NoActor,
    /// A 领导 named as a case's handler or as the next officer on duty.
    NotACaseWorker(String),
}

impl fmt::Display for RosterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const ADD: &str = "a 科长 (chief) adds officers with `jiedai --officer CHIEF officer add NAME`; `jiedai officer list` shows the roster";
        match self {
            RosterError::Unknown { name, closest } if closest.is_empty() => {
                write!(f, "{name} is not on the roster; {ADD}")
            }
            RosterError::Unknown { name, closest } => write!(
                f,
                "{name} is not on the roster (did you mean {}?); {ADD}",
                closest.join(", ")
            ),
            RosterError::Retired(name) => write!(
                f,
                "{name} is retired from the roster and cannot act; their history stays on record"
            ),
            RosterError::NotChief { actor, role } => write!(
                f,
                "only an active 科长 (chief) adds, renames or retires officers; {actor} is {} ({role})",
                role.zh()
            ),
            RosterError::Taken(name) => write!(f, "{name} is already on the roster"),
            RosterError::HostBound {
                officer,
                bound: Some(bound),
                running_as,
                ..
            } => write!(
                f,
                "{officer} signs in only from host account {bound}, and this is {running_as} (roster.bind_host_accounts is on)"
            ),
            RosterError::HostBound {
                officer,
                running_as,
                account_of,
                ..
            } => write!(
                f,
                "host account {running_as} belongs to {}, not {officer} (roster.bind_host_accounts is on)",
                account_of.as_deref().unwrap_or("another officer")
            ),
            RosterError::AccountTaken { account, officer } => {
                write!(f, "host account {account} already belongs to {officer}")
            }
            RosterError::LastChief(name) => write!(
                f,
                "{name} is the last active 科长 (chief); add another 科长 before retiring them"
            ),
            RosterError::TitleWithoutLeader => {
                f.write_str("a title is for a 领导 (leader): give --role 领导 with --title")
            }
            RosterError::BadText { what, max } => {
                write!(f, "an officer's {what} needs 1 to {max} characters")
            }
            RosterError::NoActor => f.write_str(
                "changing the roster needs the acting 科长: give --officer NAME (or $JIEDAI_OFFICER)",
            ),
            RosterError::NotACaseWorker(name) => write!(
                f,
                "{name} is a 领导 (leader): leaders receive people and own 包案, but do not handle cases or take shifts; name a 科员 or 科长"
            ),
        }
    }
}

/// Longest officer name and title, in characters.
pub const MAX_NAME: usize = 50;
pub const MAX_TITLE: usize = 50;

/// Whether `member` may act from the host account `running_as`. `binding` is
/// `Some(account_owner)` only when the office binds names to host accounts; it holds
/// the officer the running account is bound to, if any.
pub fn may_act(
    member: &Member<'_>,
    running_as: Option<&str>,
    account_owner: Option<&str>,
) -> Result<(), RosterError> {
    if !member.active {
        return Err(RosterError::Retired(member.name.to_string()));
    }
    let Some(running_as) = running_as else {
        return Ok(());
    };
    let refused = || RosterError::HostBound {
        officer: member.name.to_string(),
        bound: member.host_account.map(str::to_string),
        running_as: running_as.to_string(),
        account_of: account_owner.map(str::to_string),
    };
    match member.host_account {
        Some(bound) if bound != running_as => Err(refused()),
        // An account bound to one officer never signs in as another.
        None if account_owner.is_some_and(|o| o != member.name) => Err(refused()),
        _ => Ok(()),
    }
}

/// Whether `actor` may add, rename or retire officers.
pub fn may_keep_roster(actor: &Member<'_>) -> Result<(), RosterError> {
    if !actor.active {
        return Err(RosterError::Retired(actor.name.to_string()));
    }
    if actor.role != OfficerRole::Chief {
        return Err(RosterError::NotChief {
            actor: actor.name.to_string(),
            role: actor.role,
        });
    }
    Ok(())
}

/// A name or title as the roster keeps it: 1 to `max` characters.
pub fn check_text(text: &str, what: &'static str, max: usize) -> Result<(), RosterError> {
    let n = text.chars().count();
    if n == 0 || n > max {
        return Err(RosterError::BadText { what, max });
    }
    Ok(())
}

impl RosterError {
    /// Nobody named `name` on the roster: the refusal, with the closest of the
    /// `active` names (retired officers cannot act, so they are not suggested), by
    /// characters and by `reading` (see [`closest`]).
    pub fn unknown<'a>(
        name: &str,
        active: impl IntoIterator<Item = &'a str>,
        reading: impl Fn(&str) -> String,
    ) -> RosterError {
        let closest = closest(name, active, reading);
        RosterError::Unknown {
            name: name.to_string(),
            closest,
        }
    }
}

/// Up to three roster names closest to `typed`, the closest first: by characters and
/// by reading (`reading` romanises a name), so 王课员 finds 王科员 and `lina` finds 李娜.
/// Names too far from it to be a slip are left out.
pub fn closest<'a>(
    typed: &str,
    names: impl IntoIterator<Item = &'a str>,
    reading: impl Fn(&str) -> String,
) -> Vec<String> {
    let typed_reading: Vec<char> = reading(typed).chars().collect();
    let typed_chars: Vec<char> = typed.chars().collect();
    let mut scored: Vec<(usize, &str)> = names
        .into_iter()
        .filter_map(|name| {
            let chars: Vec<char> = name.chars().collect();
            let by_chars = distance(&typed_chars, &chars);
            // A slip changes at most half the characters of a name…
            let near_chars = by_chars * 2 <= chars.len().max(typed_chars.len());
            let name_reading: Vec<char> = reading(name).chars().collect();
            let (by_reading, near_reading, prefix) =
                if typed_reading.is_empty() || name_reading.is_empty() {
                    (usize::MAX, false, false)
                } else {
                    let d = distance(&typed_reading, &name_reading);
                    // …or a third of the letters of its reading; or starts it.
                    (
                        d,
                        d * 3 <= name_reading.len().max(3),
                        name_reading.starts_with(&typed_reading),
                    )
                };
            (near_chars || near_reading || prefix).then_some((by_chars.min(by_reading), name))
        })
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(3)
        .map(|(_, n)| n.to_string())
        .collect()
}

/// Edit distance over characters (insert, delete, substitute, swap neighbours).
fn distance(a: &[char], b: &[char]) -> usize {
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(name: &str) -> String {
        match name {
            "王科员" | "王课员" => "wangkeyuan".into(),
            "李娜" => "lina".into(),
            "赵强" => "zhaoqiang".into(),
            other => other.to_ascii_lowercase(),
        }
    }

    #[test]
    fn roles_parse_in_both_languages() {
        assert_eq!(OfficerRole::parse("科长"), Some(OfficerRole::Chief));
        assert_eq!(OfficerRole::parse("Leader"), Some(OfficerRole::Leader));
        assert_eq!(OfficerRole::parse("clerk"), Some(OfficerRole::Clerk));
        assert_eq!(OfficerRole::parse("处长"), None);
        for r in OfficerRole::ALL {
            assert_eq!(OfficerRole::from_code(r.code()), Some(*r));
        }
    }

    #[test]
    fn a_slip_finds_the_name_meant() {
        let names = ["王科员", "李娜", "赵强"];
        assert_eq!(closest("王课员", names, reading), vec!["王科员"]);
        assert_eq!(closest("lina", names, reading), vec!["李娜"]);
        assert_eq!(closest("李", names, reading), vec!["李娜"]);
        assert!(closest("欧阳修", names, reading).is_empty());
    }

    #[test]
    fn host_binding_refuses_other_accounts() {
        let bound = Member {
            name: "李娜",
            role: OfficerRole::Clerk,
            active: true,
            host_account: Some("lina"),
        };
        assert!(may_act(&bound, None, None).is_ok(), "binding off");
        assert!(may_act(&bound, Some("lina"), Some("李娜")).is_ok());
        assert!(matches!(
            may_act(&bound, Some("wang"), None),
            Err(RosterError::HostBound { .. })
        ));
        let free = Member {
            host_account: None,
            name: "赵强",
            ..bound.clone()
        };
        assert!(may_act(&free, Some("wang"), None).is_ok());
        assert!(
            may_act(&free, Some("lina"), Some("李娜")).is_err(),
            "an account bound to 李娜 cannot act as 赵强"
        );
        let retired = Member {
            active: false,
            ..free
        };
        assert_eq!(
            may_act(&retired, None, None),
            Err(RosterError::Retired("赵强".into()))
        );
    }

    #[test]
    fn only_an_active_chief_keeps_the_roster() {
        let mut m = Member {
            name: "王科员",
            role: OfficerRole::Chief,
            active: true,
            host_account: None,
        };
        assert!(may_keep_roster(&m).is_ok());
        m.role = OfficerRole::Leader;
        assert!(matches!(
            may_keep_roster(&m),
            Err(RosterError::NotChief { .. })
        ));
        m.role = OfficerRole::Chief;
        m.active = false;
        assert!(may_keep_roster(&m).is_err());
    }
}
