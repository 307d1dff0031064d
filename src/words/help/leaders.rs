//! The Chinese of the leaders' registers' help texts (`baoan`, `reception`, and
//! the case's `instruct`, `supervise`, `supervise-result`, `supervisions`).

pub(super) static ZH: &[(&str, &str)] = &[
    (
        "包案: leaders who own long-standing cases until the petitioner stops",
        "包案：领导包案化解信访老户，直至息访",
    ),
    (
        "Leaders' reception days (接访), field visits (下访) and joint receptions (联合接访)",
        "领导接访日、下访和联合接访",
    ),
    (
        "Make a 包案 record: a leader owns a 老户's case until they stop (息访)",
        "建立包案：由一名领导包案化解老户的信访事项，直至息访",
    ),
    (
        "Close a 包案 record: --xifang with its evidence, or 未化解 without",
        "办结包案：--xifang 并写明息访依据，或不加 --xifang 记为未化解",
    ),
    (
        "Record that the leader was told of the person's latest contacts",
        "记录已将该老户的最近来访来信告知包案领导",
    ),
    ("The 包案 register, by leader", "包案台账，按包案领导列出"),
    ("The 包案 record's number", "包案编号"),
    ("Only this leader's records", "只列这位领导的包案"),
    ("The 包案领导 (a leader on the roster)", "包案领导（须在名册上）"),
    ("The responsible unit (责任单位)", "责任单位"),
    ("The plan (化解方案)", "化解方案"),
    (
        "The day it should be resolved by (YYYY-MM-DD)",
        "目标化解日期（YYYY-MM-DD）",
    ),
    ("The case it is about", "所涉事项编号"),
    (
        "稳控责任人: who keeps in touch with the person",
        "稳控责任人：负责与信访人保持联系的人",
    ),
    (
        "The person stopped petitioning (息访); needs --evidence",
        "已息访；须同时给出 --evidence",
    ),
    (
        "The day it was closed (YYYY-MM-DD) [default: today]",
        "办结日期（YYYY-MM-DD）［默认：今天］",
    ),
    ("息访协议, 承诺书 or 终结后无访N月", "息访协议、承诺书 或 终结后无访N月"),
    (
        "Schedule a leader's reception day (接访), field visit (下访) or joint reception (联合接访)",
        "安排领导接访日、下访或联合接访",
    ),
    (
        "Receptions in a period [default: from today on]",
        "某一期间的领导接访［默认：今天及以后］",
    ),
    (
        "Record a person received at a reception, with the leader's opinion or instruction",
        "记录领导接访时接待的信访人，以及领导的意见或批示",
    ),
    (
        "Book a person in advance for a reception (预约): their queue row shows it on the day",
        "为信访人预约领导接访：当天其排队行上会显示预约",
    ),
    (
        "Receptions held per leader against a quota, and 公开接访率",
        "每位领导的接访次数与应接访次数，以及公开接访率",
    ),
    (
        "Receptions each leader should hold in the period [default: targets.receptions_per_month × months]",
        "期间内每位领导应接访的次数［默认：targets.receptions_per_month × 期间所跨月数］",
    ),
    ("The leader who receives", "接访领导"),
    ("The day (YYYY-MM-DD)", "日期（YYYY-MM-DD）"),
    ("The time it starts (HH:MM)", "开始时间（HH:MM）"),
    ("Where", "地点"),
    ("What it is about", "接访主题"),
    (
        "Announced to the public in advance (公开接访)",
        "已提前向社会公告（公开接访）",
    ),
    ("Units that take part, separated by commas", "参加单位，以逗号分隔"),
    ("接访, 下访 or 联合接访", "接访、下访 或 联合接访"),
    ("The reception's number", "接访编号"),
    (
        "Today's walk-in with this queue number, routed to the reception",
        "今天排队号为此的来访人，转入领导接访",
    ),
    (
        "The leader's opinion or instruction (意见/批示), verbatim",
        "领导的意见或批示，照原文记录",
    ),
    (
        "领导交办: the unit the leader assigned it to",
        "领导交办：交办的单位",
    ),
    (
        "领导交办: the day the unit must answer by (YYYY-MM-DD)",
        "领导交办：办结期限（YYYY-MM-DD）",
    ),
    (
        "督办: record a supervision; with --doc-no and --deadline, a 督办单 whose result is awaited",
        "督办：记录一次督办；给出 --doc-no 和 --deadline 时为待反馈结果的督办单",
    ),
    ("The 督办单 number", "督办单编号"),
    ("The day the result is due (YYYY-MM-DD)", "反馈期限（YYYY-MM-DD）"),
    ("The result of the case's open 督办单", "记录该事项督办单的反馈结果"),
    ("What the supervision brought", "督办结果"),
    ("督办 on record, by deadline", "督办台账，按期限排列"),
    ("Only those still waiting for their result", "只列尚未反馈结果的"),
    (
        "批示: a leader's instruction on the case, recorded verbatim",
        "批示：记录领导对该事项的批示，照原文",
    ),
    ("The leader who gave it", "批示领导"),
    ("The instruction, word for word", "批示原文"),
];
