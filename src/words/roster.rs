//! What the roster says (名册): refusals, roles and the lines the `officer`
//! commands print, in both languages.

use super::pick;
use crate::domain::roster::{OfficerRole, RosterError};
use crate::domain::Lang;
use crate::store::Officer;

/// A role as the office says it (科长 / chief).
pub fn role(role: OfficerRole, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => role.zh(),
        Lang::En => role.code(),
    }
}

/// A refusal of the roster, saying what to do.
pub fn roster_error(e: &RosterError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    const ADD: &str =
        "由科长添加：`jiedai --officer 科长姓名 officer add 姓名`；`jiedai officer list` 列出名册";
    match e {
        RosterError::Unknown { name, closest } if closest.is_empty() => {
            format!("名册上没有“{name}”：{ADD}")
        }
        RosterError::Unknown { name, closest } => format!(
            "名册上没有“{name}”（是否是：{}？）；{ADD}",
            closest.join("、")
        ),
        RosterError::Retired(name) => {
            format!("“{name}”已从名册退出，不能再登录或办理；其经办记录仍保留")
        }
        RosterError::NotChief { actor, role } => format!(
            "只有在册的科长才能添加、改名或退出人员；“{actor}”是{}",
            role.zh()
        ),
        RosterError::Taken(name) => format!("名册上已有“{name}”"),
        RosterError::HostBound {
            officer,
            bound: Some(bound),
            running_as,
            ..
        } => format!(
            "“{officer}”只能从主机账户 {bound} 登录，当前账户是 {running_as}（配置 roster.bind_host_accounts 已开启）"
        ),
        RosterError::HostBound {
            officer,
            running_as,
            account_of,
            ..
        } => format!(
            "主机账户 {running_as} 属于“{}”，不能以“{officer}”登录（配置 roster.bind_host_accounts 已开启）",
            account_of.as_deref().unwrap_or("其他人员")
        ),
        RosterError::AccountTaken { account, officer } => {
            format!("主机账户 {account} 已属于“{officer}”")
        }
        RosterError::LastChief(name) => {
            format!("“{name}”是名册上最后一位在册科长：请先添加另一位科长再让其退出")
        }
        RosterError::TitleWithoutLeader => {
            "职务只用于领导：请同时给出 --role 领导 和 --title".to_string()
        }
        RosterError::BadText { what, max } => {
            let what = if *what == "title" { "职务" } else { "姓名" };
            format!("人员{what}需为 1 至 {max} 个字")
        }
        RosterError::NoActor => {
            "修改名册需要当班科长：请用 --officer 姓名（或 $JIEDAI_OFFICER）".to_string()
        }
        RosterError::NotACaseWorker(name) => format!(
            "“{name}”是领导：领导接访、包案，但不承办案件、不接班；请指定科员或科长"
        ),
    }
}

/// One line of `officer list`: name, role (and title), retired or not.
pub fn officer_line(o: &Officer, lang: Lang) -> String {
    let mut line = format!("{}  {}", o.name, role(o.role, lang));
    if let Some(t) = &o.title {
        line.push_str(&pick(lang, format!("（{t}）"), format!(" ({t})")));
    }
    if !o.active {
        line.push_str(pick(lang, "  已退出", "  retired"));
    }
    if let Some(a) = &o.host_account {
        line.push_str(&pick(
            lang,
            format!("  主机账户 {a}"),
            format!("  host account {a}"),
        ));
    }
    line
}

/// After `officer add`: who was added, and when they became the roster's first 科长.
pub fn added(o: &Officer, first: bool, lang: Lang) -> String {
    let line = officer_line(o, lang);
    match (first, lang) {
        (false, Lang::Zh) => format!("已加入名册：{line}"),
        (false, Lang::En) => format!("added to the roster: {line}"),
        (true, Lang::Zh) => format!("已加入名册：{line}（名册上的第一位人员，任科长，负责维护名册）"),
        (true, Lang::En) => format!(
            "added to the roster: {line} (the roster's first officer becomes its chief, who keeps the roster)"
        ),
    }
}

pub fn renamed(old: &str, o: &Officer, lang: Lang) -> String {
    pick(
        lang,
        format!("已改名：{old} → {}（经办记录随之）", o.name),
        format!("renamed: {old} → {} (their history follows)", o.name),
    )
}

pub fn retired(o: &Officer, lang: Lang) -> String {
    pick(
        lang,
        format!("已退出名册：{}（经办记录保留，不能再登录）", o.name),
        format!(
            "retired from the roster: {} (their history stays; they can no longer sign in)",
            o.name
        ),
    )
}

/// `officer list` on an empty roster.
pub fn empty(lang: Lang) -> &'static str {
    pick(
        lang,
        "名册为空：第一位登录或用 `jiedai officer add 姓名` 添加的人员任科长",
        "the roster is empty: the first officer to sign in or be added with `jiedai officer add NAME` becomes its chief",
    )
}

/// A role the command line does not know.
pub fn bad_role(text: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("未知的角色“{text}”：可用 科员、科长、领导（或 clerk、chief、leader）"),
        format!("unknown role {text:?}: use 科员, 科长 or 领导 (or clerk, chief, leader)"),
    )
}
