//! The help of `stats` and `report` in both languages: the figures' definitions
//! (from `words::figures`, so that the help, `--explain` and the desk say the
//! same), and the Chinese of their flags.

use crate::domain::Lang;
use crate::words::figures::{definition, name, CODES};
use std::sync::LazyLock;

fn definitions(lang: Lang) -> String {
    let mut out = String::from(match lang {
        Lang::Zh => "考核指标（--json 中 figures 下的名称；定义）：\n",
        Lang::En => "The office's figures (their names under `figures` in --json; definitions):\n",
    });
    for code in CODES.iter().chain(["overdue_now"].iter()) {
        let label = crate::words::colon(lang, name(lang, code));
        out.push_str(&format!("  {code} {label}{}\n", definition(lang, code)));
    }
    out.push_str(match lang {
        Lang::Zh => {
            "目标取自配置文件的 [targets] 一节（比率写作 0 到 1 之间的小数，如 0.98 表示 98%）：\
initial_closed_rate 0.98，upper_closed_rate 1.0，on_time_rate 0.98，settled_rate 0.95，\
repeat_rate_permille 0.5，long_standing_resolved_rate 0.85，satisfied_rate 0.9，\
visit_people_max（来访人次上限，默认不设），quiet_months 6（老户连续几个月未信访即视为息访），\
repeat_rate_basis = \"new_matters\"（或 \"contacts\"：重复来信来访人次占全部人次的千分比）。\
统计期尚未结束时，按截至今天计算。"
        }
        Lang::En => {
            "Targets come from the [targets] section of the config (rates as fractions from 0 \
to 1, 0.98 for 98%): initial_closed_rate 0.98, upper_closed_rate 1.0, on_time_rate 0.98, \
settled_rate 0.95, repeat_rate_permille 0.5, long_standing_resolved_rate 0.85, \
satisfied_rate 0.9, visit_people_max (a ceiling on visitors, none by default), quiet_months 6 \
(a 老户 with no contact for this many months counts as settled), repeat_rate_basis = \
\"new_matters\" (or \"contacts\": repeat contacts per mille of all contacts). A period still \
running is counted as of today."
        }
    });
    out
}

static STATS_EN: LazyLock<String> = LazyLock::new(|| definitions(Lang::En));
static STATS_ZH: LazyLock<String> = LazyLock::new(|| definitions(Lang::Zh));

/// `stats --help`'s closing text: every figure's definition and the targets.
pub fn stats_help() -> &'static str {
    STATS_EN.as_str()
}

/// (English, 中文) of the help texts of `stats` and `report`.
pub(super) fn texts() -> [(&'static str, &'static str); 8] {
    [
        (STATS_EN.as_str(), STATS_ZH.as_str()),
        (
            "Print one JSON document (the office's figures under `figures`)",
            "输出一个 JSON 文档（考核指标在 figures 下）",
        ),
        (
            "Split the office's figures by unit, source, month, category or officer",
            "按承办单位、来源、月份、类别或承办人分列考核指标",
        ),
        (
            "List the cases in one figure's numerator and denominator (initial_closed_rate, upper_closed_rate, on_time_rate, settled_rate, repeat_rate_permille, long_standing_resolved_rate, …)",
            "列出某项指标分子和分母中的事项（initial_closed_rate、upper_closed_rate、on_time_rate、settled_rate、repeat_rate_permille、long_standing_resolved_rate 等）",
        ),
        (
            "The office's report for a day, week, month or year: figures, missed cases, 上级交办, 不满意, overdue (Markdown, .xlsx or JSON)",
            "某日、某周、某月或某年的信访工作报告：考核指标、未达标事项、上级交办、不满意、逾期（Markdown、.xlsx 或 JSON）",
        ),
        (
            "The period: the day, its week (Monday to Sunday), month or year",
            "统计期：当日，或其所在的周（周一至周日）、月、年",
        ),
        (
            "A day in the period: YYYY-MM-DD [default: today]",
            "统计期内的某一天：YYYY-MM-DD［默认：今天］",
        ),
        (
            "Write the report to FILE: .md for Markdown, .xlsx for a workbook (readable by you only; `-` prints Markdown); the export is recorded in the audit log",
            "把报告写入文件：.md 为 Markdown，.xlsx 为 Excel 工作簿（仅你本人可读；`-` 表示输出 Markdown）；导出记入审计日志",
        ),
    ]
}
