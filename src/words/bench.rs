//! The words of `jiedai bench lookup`'s table (its JSON keeps English keys).

use super::pick;
use crate::domain::Lang;

/// The figures a table line reports, as the bench measured them.
pub struct Figures<'a> {
    pub db: &'a str,
    pub petitioners: i64,
    pub queries: usize,
    pub sequences: usize,
    /// Wall clock: p50, p99, max (ms).
    pub wall: (f64, f64, f64),
    /// The thread's CPU clock: p50, p99, max (ms).
    pub cpu: (f64, f64, f64),
    /// Wall less the wait for a core: p50, p99, max (ms).
    pub own: (f64, f64, f64),
    pub waiting_ms: f64,
    pub blocks_read: u64,
    pub load_average: f64,
    pub scan_queries: usize,
    pub scan_median_ms: f64,
    pub speedup: f64,
    pub first_frame_ms: f64,
    pub first_lookup_ms: f64,
    pub keys_mb: f64,
    pub rss_mb: f64,
    /// The slowest keystrokes: query, ms.
    pub slowest: &'a [(String, f64)],
}

/// Said once, before a bench file is filled with demo people.
pub fn building(lang: Lang, path: &str, petitioners: u32) -> String {
    pick(
        lang,
        format!("正在生成 {path}，信访人 {petitioners} 名（仅此一次，之后复用）"),
        format!("building {path} with {petitioners} petitioners (once; later runs reuse it)"),
    )
}

/// The table, one line each.
pub fn table(lang: Lang, f: &Figures<'_>) -> Vec<String> {
    let (p50, p99, max) = f.wall;
    let (c50, c99, cmax) = f.cpu;
    let (o50, o99, omax) = f.own;
    let slowest: Vec<String> = f
        .slowest
        .iter()
        .map(|(q, t)| format!("{q:?} {t:.1} ms"))
        .collect();
    match lang {
        Lang::Zh => vec![
            format!("{}（信访人 {} 名）", f.db, f.petitioners),
            format!(
                "每次按键：{} 个输入序列共 {} 次查询，p50 {p50:.3} ms，p99 {p99:.3} ms，最长 {max:.3} ms",
                f.sequences, f.queries
            ),
            format!("  按线程 CPU 时间：p50 {c50:.3} ms，p99 {c99:.3} ms，最长 {cmax:.3} ms"),
            format!("  扣除等待 CPU 的时间：p50 {o50:.3} ms，p99 {o99:.3} ms，最长 {omax:.3} ms"),
            format!(
                "  等待 CPU 共 {:.0} ms，从磁盘读入 {} 块；开始时一分钟平均负载 {:.1}",
                f.waiting_ms, f.blocks_read, f.load_average
            ),
            format!(
                "逐人模糊扫描全部姓名，同样的 {} 次查询：中位数 {:.1} ms（慢 {:.0} 倍）",
                f.scan_queries, f.scan_median_ms, f.speedup
            ),
            format!(
                "接待台启动：首屏 {:.1} ms，首次查询 {:.1} ms；无需建索引（文件中的检索键：{:.0} MB）",
                f.first_frame_ms, f.first_lookup_ms, f.keys_mb
            ),
            format!("内存峰值 {:.0} MB", f.rss_mb),
            format!("最慢的按键：{}", slowest.join("、")),
        ],
        Lang::En => vec![
            format!("{} ({} petitioners)", f.db, f.petitioners),
            format!(
                "per keystroke, {} queries from {} typing sequences: p50 {p50:.3} ms, p99 {p99:.3} ms, max {max:.3} ms",
                f.queries, f.sequences
            ),
            format!("  on the thread's CPU clock: p50 {c50:.3} ms, p99 {c99:.3} ms, max {cmax:.3} ms"),
            format!("  wall less waiting for a core: p50 {o50:.3} ms, p99 {o99:.3} ms, max {omax:.3} ms"),
            format!(
                "  waited for a core {:.0} ms in all, read {} blocks from storage; load average {:.1} at the start",
                f.waiting_ms, f.blocks_read, f.load_average
            ),
            format!(
                "full fuzzy-matcher scan, {} of the same queries: median {:.1} ms ({:.0}x slower)",
                f.scan_queries, f.scan_median_ms, f.speedup
            ),
            format!(
                "desk start: first frame {:.1} ms, first lookup {:.1} ms; no index to build (keys on file: {:.0} MB)",
                f.first_frame_ms, f.first_lookup_ms, f.keys_mb
            ),
            format!("peak resident memory {:.0} MB", f.rss_mb),
            format!("slowest keystrokes: {}", slowest.join(", ")),
        ],
    }
}

/// `jiedai bench checkin`'s one line: p50, p90, p99 and max in ms.
pub fn checkin_line(
    lang: Lang,
    db: &str,
    checkins: usize,
    (p50, p90, p99, max): (f64, f64, f64, f64),
    load: f64,
) -> String {
    pick(
        lang,
        format!("{db}：登记 {checkins} 次（每次单独提交），p50 {p50:.2} ms，p90 {p90:.2} ms，p99 {p99:.2} ms，最长 {max:.2} ms；开始时一分钟平均负载 {load:.1}"),
        format!("{db}: {checkins} check-ins, each committed on its own: p50 {p50:.2} ms, p90 {p90:.2} ms, p99 {p99:.2} ms, max {max:.2} ms; load average {load:.1} at the start"),
    )
}

/// Why `bench checkin --returning` has nobody to check in.
pub fn checkin_nobody(lang: Lang) -> String {
    pick(
        lang,
        "记录里没有可再次登记的来访人（都已合并）".into(),
        "nobody on the record to check in again (everyone has been merged)".into(),
    )
}

/// Why `bench checkin` will not write into a chosen record unasked.
pub fn checkin_consent(lang: Lang, db: &str, count: u32) -> String {
    pick(
        lang,
        format!("bench checkin 会把 {count} 名虚构来访人永久写入 {db}（进入哈希链，无法删除）；确需如此请加 --write-visitors，否则去掉 --db，在临时文件上测量"),
        format!("bench checkin would write {count} made-up visitors into {db} for good (they enter the hash chain); add --write-visitors if that is meant, or leave out --db to measure on a temporary file"),
    )
}

/// The bench's closing word when the store refused some check-ins.
pub fn checkin_refused(lang: Lang, refused: usize) -> String {
    pick(
        lang,
        format!("有 {refused} 次登记被拒绝（原因见上）"),
        format!("{refused} check-ins were refused (see above)"),
    )
}

/// `bench reads`: the line above its table, and the table's columns.
pub fn reads_header(lang: Lang, db: &str, people: i64) -> String {
    pick(
        lang,
        format!(
            "{db}（信访人 {people} 名）\n{:<26} {:>5} {:>10} {:>10} {:>10} {:>10}",
            "读取", "次数", "p50 ms", "p99 ms", "最长 ms", "CPU p50"
        ),
        format!(
            "{db} ({people} people)\n{:<26} {:>5} {:>10} {:>10} {:>10} {:>10}",
            "read", "runs", "p50 ms", "p99 ms", "max ms", "CPU p50"
        ),
    )
}

/// `bench reads`: the line below its table.
pub fn reads_footer(lang: Lang, load_average: f64, rss_mb: f64) -> String {
    pick(
        lang,
        format!("开始时负载 {load_average:.2}；进程峰值内存 {rss_mb:.1} MB"),
        format!("load average at the start {load_average:.2}; process peak RSS {rss_mb:.1} MB"),
    )
}
