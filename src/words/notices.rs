//! The words of written notices, extensions' approvals, reply outcomes and the
//! 登记回执: labels, the names typed for them, refusals, timeline parts, and the
//! built-in Chinese templates of the documents.

use super::labels::labels;
use super::Label;
use crate::domain::documents::{Template, TemplateError};
use crate::domain::lifecycle::AnnotationError;
use crate::domain::notices::{NoticeError, NoticeKind, NoticeVia, ReplyOutcome};
use crate::domain::Lang;
use serde_json::Value;

labels! {
    NoticeKind {
        Accept => "受理", "acceptance";
        NotAccept => "不予受理", "non-acceptance";
        Transfer => "转送去向", "where it was sent";
        Extension => "延期", "extension";
    }
}

labels! {
    NoticeVia {
        InPerson => "当面", "in person";
        Post => "邮寄", "by post";
        Sms => "短信", "by text message";
        Online => "网上", "online";
        Register => "原登记簿", "per the old register";
    }
}

labels! {
    ReplyOutcome {
        Support => "支持", "supported";
        Explain => "解释说明", "explained";
        Reject => "不予支持", "not supported";
        Mediation => "调解协议", "mediation agreement";
    }
}

fn key(given: &str) -> String {
    crate::text::clean_input(given)
        .to_lowercase()
        .replace(['-', ' '], "_")
}

/// A coded value by its code, its Chinese label, or one of its other names.
fn parse_coded<T: Label>(
    given: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    aliases: &[(&str, T)],
) -> Option<T> {
    let k = key(given);
    aliases
        .iter()
        .find(|(a, _)| *a == k)
        .map(|(_, t)| *t)
        .or_else(|| {
            all.iter()
                .copied()
                .find(|&t| code(t) == k || t.label_zh() == k)
        })
}

/// A notice kind by its code, its label or a common English word.
pub fn parse_kind(given: &str) -> Option<NoticeKind> {
    use NoticeKind as K;
    let aliases = [
        ("accepted", K::Accept),
        ("受理告知", K::Accept),
        ("not_accepted", K::NotAccept),
        ("refusal", K::NotAccept),
        ("transferred", K::Transfer),
        ("转送", K::Transfer),
        ("交办", K::Transfer),
        ("extend", K::Extension),
        ("extended", K::Extension),
    ];
    parse_coded(given, K::ALL, K::code, &aliases)
}

/// How a notice went, by its code, its label or a common English word.
pub fn parse_via(given: &str) -> Option<NoticeVia> {
    use NoticeVia as V;
    let aliases = [
        ("person", V::InPerson),
        ("当面送达", V::InPerson),
        ("mail", V::Post),
        ("letter", V::Post),
        ("text", V::Sms),
        ("web", V::Online),
    ];
    parse_coded(given, V::ALL, V::code, &aliases)
}

/// A reply's outcome by its code, its label or a common English word.
pub fn parse_outcome(given: &str) -> Option<ReplyOutcome> {
    use ReplyOutcome as O;
    let aliases = [
        ("supported", O::Support),
        ("explained", O::Explain),
        ("explanation", O::Explain),
        ("not_supported", O::Reject),
        ("rejected", O::Reject),
        ("mediated", O::Mediation),
        ("agreement", O::Mediation),
        ("调解", O::Mediation),
    ];
    parse_coded(given, O::ALL, O::code, &aliases)
}

/// "受理|不予受理|…" or "accept|not-accept|…": what a flag takes, for errors.
fn choices<T: Label>(all: &[T], code: impl Fn(T) -> &'static str, lang: Lang) -> String {
    all.iter()
        .map(|&t| match lang {
            Lang::Zh => t.label_zh().to_string(),
            Lang::En => code(t).replace('_', "-"),
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// A value a flag does not take, with what it does.
pub fn unknown(lang: Lang, flag: &str, given: &str) -> String {
    let list = match flag {
        "--kind" => choices(NoticeKind::ALL, NoticeKind::code, lang),
        "--via" => choices(&NoticeVia::ALL[..4], NoticeVia::code, lang),
        _ => choices(ReplyOutcome::ALL, ReplyOutcome::code, lang),
    };
    match lang {
        Lang::Zh => format!("{flag}：无法识别“{given}”，可用：{list}"),
        Lang::En => format!("{flag}: '{given}' is not one of {list}"),
    }
}

/// Why a notice or an approval was refused.
pub fn refusal(e: &AnnotationError, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match e {
        AnnotationError::Notice(n) => match n {
            NoticeError::NoDecision(k) if zh => {
                format!("时间线上没有“{}”的决定：先办理该步骤，再书面告知", k.label_zh())
            }
            NoticeError::NoDecision(k) => format!(
                "the timeline holds no decision for a notice of {}: record the step first, then its notice",
                k.label_en()
            ),
            NoticeError::BeforeDecision(d) if zh => format!("告知日期早于决定日期 {d}"),
            NoticeError::BeforeDecision(d) => {
                format!("a notice cannot be dated before its decision, on {d}")
            }
            NoticeError::InTheFuture if zh => "告知日期不能晚于今天".into(),
            NoticeError::InTheFuture => "a notice cannot be dated after today".into(),
            NoticeError::AlreadyGiven(d) if zh => format!("该决定已于 {d} 书面告知，无需重复登记"),
            NoticeError::AlreadyGiven(d) => {
                format!("this decision's notice is on record already, given on {d}")
            }
        },
        AnnotationError::ApproverNotInCharge(name) if zh => format!(
            "{name} 不是科长或领导：延期须经本机关负责人批准（第三十二条）"
        ),
        AnnotationError::ApproverNotInCharge(name) => format!(
            "{name} is neither a chief nor a leader; an extension is approved by the office's head (Art. 32)"
        ),
        other => super::matters::refusal(other, lang),
    }
}

/// A template that cannot be used, naming the file and what is wrong in it.
pub fn template_error(e: &TemplateError, lang: Lang) -> String {
    match (e, lang) {
        (TemplateError::Unknown { file, placeholder }, Lang::Zh) => {
            format!("模板 {file} 有无法识别的占位符 {{{placeholder}}}：请改正或删除该文件以使用内置模板")
        }
        (TemplateError::Unknown { file, placeholder }, Lang::En) => format!(
            "template {file}: unknown placeholder {{{placeholder}}}; fix it, or remove the file to use the built-in one"
        ),
        (TemplateError::Unclosed { file, at }, Lang::Zh) => {
            format!("模板 {file} 第 {at} 个字符处的花括号不成对：字面花括号请写作 {{{{ 或 }}}}")
        }
        (TemplateError::Unclosed { file, at }, Lang::En) => format!(
            "template {file}: unmatched brace at character {at}; write a literal brace as {{{{ or }}}}"
        ),
        (TemplateError::Unreadable { file, detail }, Lang::Zh) => {
            format!("无法读取模板 {file}：{detail}")
        }
        (TemplateError::Unreadable { file, detail }, Lang::En) => {
            format!("cannot read template {file}: {detail}")
        }
    }
}

/// The parts of a timeline line for a notice, an extension's approval or a
/// reply's outcome (after the event's label).
pub fn notice_parts(detail: &Value, lang: Lang) -> Vec<String> {
    let mut parts = Vec::new();
    let code = |k: &str| detail.get(k).and_then(Value::as_str);
    if let Some(k) = code("kind").and_then(NoticeKind::from_code) {
        parts.push(k.label(lang).to_string());
    }
    if let Some(v) = code("via").and_then(NoticeVia::from_code) {
        parts.push(v.label(lang).to_string());
    }
    if let Some(d) = code("date") {
        parts.push(d.to_string());
    }
    parts
}

/// "批准：王科长" on an extension's line.
pub fn approved_by(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("批准：{name}"),
        Lang::En => format!("approved by {name}"),
    }
}

/// A reply's outcome on its line.
pub fn outcome_part(detail: &Value, lang: Lang) -> Option<String> {
    let o = detail
        .get("outcome")
        .and_then(Value::as_str)
        .and_then(ReplyOutcome::from_code)?;
    Some(match lang {
        Lang::Zh => format!("结果：{}", o.label_zh()),
        Lang::En => format!("outcome: {}", o.label_en()),
    })
}

/// What a clock waiting for its written notice says beside its days.
pub fn notice_missing(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "未书面告知",
        Lang::En => "notice missing",
    }
}

/// A decision whose notice is not on record, for `case show`.
pub fn missing_line(kind: NoticeKind, decided: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("待书面告知：{}（{decided} 决定）", kind.label_zh()),
        Lang::En => format!("notice missing: {} (decided {decided})", kind.label_en()),
    }
}

/// The latest reply's outcome, for `case show`.
pub fn outcome_line(o: ReplyOutcome, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("答复结果：{}", o.label_zh()),
        Lang::En => format!("Reply outcome: {}", o.label_en()),
    }
}

/// After `case notify`.
pub fn notified(case_no: &str, kind: NoticeKind, via: NoticeVia, on: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{case_no}：已登记书面告知（{}，{}，{on}）",
            kind.label_zh(),
            via.label_zh()
        ),
        Lang::En => format!(
            "{case_no}: notice of {} recorded ({}, {on})",
            kind.label_en(),
            via.label_en()
        ),
    }
}

/// After a document was written.
pub fn written(what: Template, path: &str, lang: Lang) -> String {
    let name = match (what, lang) {
        (Template::Receipt, Lang::Zh) => "登记回执",
        (Template::Receipt, Lang::En) => "receipt",
        (Template::Notice(_), Lang::Zh) => "告知书",
        (Template::Notice(_), Lang::En) => "notice",
    };
    match lang {
        Lang::Zh => format!("{name}已写入 {path}"),
        Lang::En => format!("{name} written to {path}"),
    }
}

/// `--out -` asked for the document on standard output, which holds the JSON.
pub fn document_into_json(lang: Lang) -> String {
    match lang {
        Lang::Zh => "--out - 会把文书混进标准输出上的 JSON：请写文件名，或去掉 --json".into(),
        Lang::En => "--out - would put the document into the JSON on standard output; name a file, or leave out --json".into(),
    }
}

/// `templates init`: one line per file.
pub fn template_line(path: &str, written: bool, lang: Lang) -> String {
    match (written, lang) {
        (true, Lang::Zh) => format!("已写入 {path}"),
        (true, Lang::En) => format!("written {path}"),
        (false, Lang::Zh) => format!("已存在，保留不动 {path}"),
        (false, Lang::En) => format!("kept (already there) {path}"),
    }
}

/// `templates list`: whether the office wrote its own.
pub fn template_state(own: bool, lang: Lang) -> &'static str {
    match (own, lang) {
        (true, Lang::Zh) => "本办模板",
        (true, Lang::En) => "the office's own",
        (false, Lang::Zh) => "内置模板",
        (false, Lang::En) => "built-in",
    }
}

/// No config folder to keep templates in.
pub fn no_templates_dir(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "找不到配置目录：请设置 JIEDAI_CONFIG 指向配置文件",
        Lang::En => "no config folder found; set JIEDAI_CONFIG to the config file's path",
    }
}

/// The office's name on paper when `[desk] office` is not set.
pub fn default_office() -> &'static str {
    "信访接待室"
}

/// The built-in text of a template, in Chinese: it is paper for the petitioner.
pub fn default_template(t: Template) -> &'static str {
    match t {
        Template::Receipt => RECEIPT,
        Template::Notice(NoticeKind::Accept) => ACCEPT,
        Template::Notice(NoticeKind::NotAccept) => NOT_ACCEPT,
        Template::Notice(NoticeKind::Transfer) => TRANSFER,
        Template::Notice(NoticeKind::Extension) => EXTENSION,
    }
}

const RECEIPT: &str = "{office}
信访事项登记回执

信访人：{name}
事项编号：{case_no}
收信编号：{letter_no}
登记日期：{registered}
反映事项：{matter}
首问责任人：{first_officer}
联系电话：{phone}
查询码：{query_code}

您反映的事项，我们将在15日内书面告知是否受理。
请凭事项编号和查询码查询办理进展。

{office}
{date}
";

const ACCEPT: &str = "{office}
信访事项受理告知书

{name}：
您于{registered}反映的“{matter}”（事项编号 {case_no}）已于{decided}受理。
根据《信访工作条例》第三十二条，本机关将自受理之日起60日内办结并书面答复；
情况复杂的，经批准可以适当延长办理期限，并告知延期理由。
查询电话：{phone}  查询码：{query_code}

{office}
{date}
";

const NOT_ACCEPT: &str = "{office}
信访事项不予受理告知书

{name}：
您于{registered}反映的“{matter}”（事项编号 {case_no}），经审查，决定不予受理。
理由：{text}
查询电话：{phone}  查询码：{query_code}

{office}
{date}
";

const TRANSFER: &str = "{office}
信访事项转送告知书

{name}：
您于{registered}反映的“{matter}”（事项编号 {case_no}），
已于{decided}依照《信访工作条例》第二十二条转送（交办）{unit}办理，
请向该单位了解办理情况。
查询电话：{phone}  查询码：{query_code}

{office}
{date}
";

const EXTENSION: &str = "{office}
信访事项延期办理告知书

{name}：
您反映的“{matter}”（事项编号 {case_no}），因{reason}，
经批准，办理期限延长{days}日，至{due}。（《信访工作条例》第三十二条）
查询电话：{phone}  查询码：{query_code}

{office}
{date}
";

/// The desk's forms: field labels, what a typed field takes, the receipt's name.
macro_rules! said {
    ($($name:ident => $zh:literal, $en:literal;)+) => {
        $(pub fn $name(lang: Lang) -> &'static str {
            match lang {
                Lang::Zh => $zh,
                Lang::En => $en,
            }
        })+
    };
}

said! {
    f_kind => "告知内容", "Notice of";
    f_via => "送达方式", "Told by";
    f_date => "告知日期", "Given on";
    f_approved_by => "批准人", "Approved by";
    f_outcome => "答复结果", "Outcome";
    f_file => "写入文件", "File";
    receipt_title => "登记回执", "Receipt";
    kind_choices => "告知内容须为：受理、不予受理、转送去向或延期", "a notice tells of: accept, not-accept, transfer or extension";
    via_choices => "送达方式须为：当面、邮寄、短信或网上", "given: in-person, post, sms or online";
    outcome_choices => "答复结果须为：支持、解释说明、不予支持或调解协议（可不填）", "outcome: support, explain, reject or mediation (or none)";
    no_notice_due => "没有待书面告知的决定", "no decision waits for its written notice";
    file_exists => "该文件已存在：请换一个文件名", "that file exists already; choose another name";
}

/// A document's folder that is not there (the file named in the desk's form).
pub fn no_folder(lang: Lang, folder: &str) -> String {
    match lang {
        Lang::Zh => format!("文件夹 {folder} 不存在：请先建立它，或换一个位置"),
        Lang::En => format!("the folder {folder} does not exist; create it or choose another path"),
    }
}

/// The file a receipt is offered to be written to, in the desk's folder.
pub fn receipt_file(case_no: &str) -> String {
    format!("回执-{case_no}.txt")
}
