//! What `jiedai migrate` says: the move's progress, its proof, its refusals.

use super::pick;
use crate::domain::Lang;
use crate::store::moving::{MoveReport, MoveStage};

/// The help of `jiedai migrate`, English then Chinese.
pub const HELP_ZH: &[(&str, &str)] = &[
    (
        "Move this office's record (the --db file) onto a PostgreSQL server, then verify both ends and compare them",
        "把本办公室的记录（--db 指定的文件）迁到 PostgreSQL 服务器上，再校验两端并逐项比对",
    ),
    (
        "The server: postgresql://USER@HOST:PORT/DATABASE (a new database, or one holding no record; the password from PGPASSWORD or ~/.pgpass)",
        "目标服务器：postgresql://用户@主机:端口/数据库（须是新库，或尚无记录的库；密码取自 PGPASSWORD 或 ~/.pgpass）",
    ),
    (
        "Replace lists the server was given by hand (units, categories); a server holding people or cases is always refused",
        "替换服务器上手工建立的名录（单位、类别）；已有人员或事项记录的服务器一律拒绝",
    ),
];

pub fn stage(lang: Lang, stage: MoveStage) -> String {
    match stage {
        MoveStage::Copy => pick(lang, "复制", "copy").to_string(),
        MoveStage::VerifyFile => pick(lang, "校验文件", "verify file").to_string(),
        MoveStage::VerifyServer => pick(lang, "校验服务器", "verify server").to_string(),
    }
}

/// The move's account: what was copied, both heads, every table's rows.
pub fn report(lang: Lang, r: &MoveReport) -> String {
    let mut out = String::new();
    out.push_str(&pick(
        lang,
        format!(
            "{} → {}：复制 {} 行，用时 {:.1} 秒；校验用时 {:.1} 秒\n",
            r.from, r.to, r.rows, r.copy_seconds, r.verify_seconds
        ),
        format!(
            "{} → {}: {} rows copied in {:.1} s; verified in {:.1} s\n",
            r.from, r.to, r.rows, r.copy_seconds, r.verify_seconds
        ),
    ));
    let none = || "-".to_string();
    let heads = |label: &str, file: &Option<String>, server: &Option<String>| {
        pick(
            lang,
            format!(
                "{label}：文件 {}，服务器 {}\n",
                file.clone().unwrap_or_else(none),
                server.clone().unwrap_or_else(none)
            ),
            format!(
                "{label}: file {}, server {}\n",
                file.clone().unwrap_or_else(none),
                server.clone().unwrap_or_else(none)
            ),
        )
    };
    out.push_str(&heads(
        pick(lang, "时间线链头", "timeline head"),
        &r.timeline_head.file,
        &r.timeline_head.server,
    ));
    match &r.ledger_head {
        Some(h) => out.push_str(&heads(
            pick(lang, "总账链头", "ledger head"),
            &h.file,
            &h.server,
        )),
        None => {
            for t in &r.left_behind {
                out.push_str(&pick(
                    lang,
                    format!(
                        "{}（{} 行）未迁：服务器尚无此表，其校验只核对时间线的哈希链\n",
                        t.table, t.rows
                    ),
                    format!(
                        "{} ({} rows) not moved: the server keeps none yet, and its verify checks the timeline's chain only\n",
                        t.table, t.rows
                    ),
                ));
            }
        }
    }
    for t in &r.tables {
        let mark = if t.source == t.target { "" } else { "  ≠" };
        out.push_str(&format!(
            "  {:<22} {:>10} {:>10}{mark}\n",
            t.table, t.source, t.target
        ));
    }
    for m in &r.mismatches {
        out.push_str(&format!("{}{m}\n", pick(lang, "不一致：", "mismatch: ")));
    }
    out.push_str(if r.ok() {
        pick(
            lang,
            "两端校验通过，链头与各表行数一致",
            "both ends verify; heads and every table's rows agree",
        )
    } else {
        pick(lang, "迁移未得到证实", "the move is not proven")
    });
    out
}

/// `--db` names a server already: there is no file to move.
pub fn not_a_file(lang: Lang, db: &str) -> String {
    pick(
        lang,
        format!("{db} 已在服务器上；migrate 迁移的是 SQLite 文件（用 --db 指定文件）。要从服务器得到文件，请用 backup"),
        format!("{db} is on a server already; migrate moves a SQLite file (name it with --db). To get a file from a server, use backup"),
    )
}

pub fn not_proven(lang: Lang, n: usize) -> String {
    pick(
        lang,
        format!("迁移后两端有 {n} 处不一致"),
        format!("the two ends differ in {n} ways after the move"),
    )
}
