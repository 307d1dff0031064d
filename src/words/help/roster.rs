//! The Chinese of the `officer` command's help (the roster, 名册), as (English, 中文).

pub(super) static ZH: &[(&str, &str)] = &[
    (
        "The roster (名册): officers, their roles and titles",
        "名册：工作人员及其角色、职务",
    ),
    (
        "The roster: name, role, title; retired officers with --all",
        "列出名册：姓名、角色、职务；加 --all 含已退出人员",
    ),
    ("Retired officers too", "包括已退出名册的人员"),
    (
        "Put an officer on the roster (an active 科长 only; the first officer of an empty roster becomes 科长)",
        "把人员加入名册（仅在册科长可操作；名册为空时，第一位人员任科长）",
    ),
    (
        "科员, 科长 or 领导 (or clerk, chief, leader)",
        "科员、科长或领导（也可写 clerk、chief、leader）",
    ),
    ("A leader's title, such as 副县长", "领导的职务，如 副县长"),
    (
        "The host account this officer signs in from (enforced with roster.bind_host_accounts)",
        "此人登录所用的主机账户（配置 roster.bind_host_accounts 开启时强制）",
    ),
    (
        "Rename an officer (a 科长 only); their history follows the new name",
        "给人员改名（仅科长可操作）；经办记录随新名字",
    ),
    (
        "Retire an officer (a 科长 only): their history stays, they can no longer sign in",
        "让人员退出名册（仅科长可操作）：经办记录保留，不能再登录",
    ),
];
