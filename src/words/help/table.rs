//! The help texts: the long ones in English (clap's derive reads them from here),
//! and every help text's Chinese, as (English, 中文).

pub const LONG_ABOUT: &str = "jiedai (接待台): the front desk of a petition office.\n\n\
    With no command it opens the full-screen desk. The commands below do the same \
    work from scripts; --json prints one JSON document on stdout.\n\n\
    Exit codes: 0 done; 1 unexpected failure; 2 bad usage; 3 input refused (nothing written); \
    4 not found (an --officer not on the roster too); 5 database unavailable (missing, locked, read-only, damaged); \
    6 verify found tampering. A retired officer, or one signed in from another host account, is refused with 3.";

const LONG_ABOUT_ZH: &str = "jiedai（接待台）：信访接待室的前台。\n\n\
    不带命令时打开全屏接待台。下列命令在脚本中完成同样的工作；--json 在标准输出上输出一个 JSON 文档。\n\n\
    退出码：0 完成；1 意外失败；2 用法有误；3 输入未被接受（未写入任何内容）；\
    4 未找到（--officer 不在名册上也是 4）；5 数据库不可用（不存在、被锁定、只读、损坏）；6 校验发现篡改。\
    已退出名册的人员、或从其他主机账户登录的人员，以 3 拒绝。";

pub const IMPORT_HELP: &str = "\
The file is CSV (UTF-8 with or without a byte order mark, or GBK/GB18030 as Excel saves plain \
\"CSV\" on Chinese Windows; any line endings) or an Excel workbook (.xlsx, first sheet), with a \
header row naming the columns in any order: English names as below, the Chinese headers \
`jiedai export` writes, or a register's usual ones (日期, 姓名, 身份证号, 联系电话, 住址, 人数, \
来访方式, 类别, 诉求, 承办单位, 办理状态, 办结日期, 答复意见). Other columns are left aside and \
listed once; --mapping FILE.toml names them ([columns] \"their name\" = \"ours\", \"\" to ignore).
  name             required
  id_number, phone, address, matter, category
  headcount        how many came [default 1]
  representatives  names separated by 、 ; or ,
  channel          visit|letter|call|online or 来访|来信|来电|网上 [default visit]
  arrived_at       RFC 3339, YYYY-MM-DD HH:MM, or a date alone (time of day unknown) [default now]
  case_no          join this case; a number not on record opens the case under it
  officer          who registered it [default --officer]
  case_status      办理状态: jiedai's statuses, or a register's word: 办理中/待… keep the case \
open, any other word (已办结…) closes it
  closed_on        办结日期: the case was closed that day
  reply            答复意见: the reply given, recorded as the case's outcome
  unit, handler    承办单位, 承办人
Every row is checked first; if any is wrong, all problems are listed as FILE:LINE: field: \
message and nothing is written. Each row's fingerprint is kept, so importing the same file \
again adds nothing. Past, undated and closed contacts are recorded as received; only today's \
open walk-ins join the queue as waiting.";

const IMPORT_HELP_ZH: &str = "\
文件为 CSV（UTF-8，带或不带字节序标记；或中文 Windows 上 Excel 保存普通“CSV”时的 GBK/GB18030；\
换行方式不限）或 Excel 工作簿（.xlsx，取第一张工作表），第一行是列名，列的顺序不限：\
用下列英文列名、`jiedai export` 写出的中文列名，或登记簿常用的列名（日期、姓名、身份证号、联系电话、\
住址、人数、来访方式、类别、诉求、承办单位、办理状态、办结日期、答复意见）。其他列略过并列出一次；\
--mapping FILE.toml 可为它们指定对应列（[columns] \"原列名\" = \"本系统列名\"，\"\" 表示略过）。
  name             姓名，必填
  id_number, phone, address, matter, category   身份证号、电话、地址、诉求、类别
  headcount        来访人数［默认 1］
  representatives  代表姓名，用 、 ; 或 , 分隔
  channel          visit|letter|call|online 或 来访|来信|来电|网上［默认 visit］
  arrived_at       RFC 3339、YYYY-MM-DD HH:MM，或只有日期（时刻不详）［默认现在］
  case_no          并入这件事项；系统中没有的编号按该编号新建事项
  officer          登记人［默认 --officer］
  case_status      办理状态：本系统的状态，或登记簿的用语：办理中/待… 表示事项仍在办，其他用语（已办结…）表示已办结
  closed_on        办结日期：事项在当天办结
  reply            答复意见：作为事项结果记录
  unit, handler    承办单位、承办人
先检查每一行；只要有一行有误，就按“文件:行号: 列: 问题”列出所有问题，且不写入任何内容。\
每行的指纹都会保存，同一文件再次导入不会重复添加。以前的、只有日期的和已办结的来访记为已接待；\
只有今天仍在办的来访进入队列等候。";

pub const EXPORT_HELP: &str = "\
One row per contact, oldest first, with headers in the --lang language. ID numbers and phones \
are masked unless --reveal, which is recorded (export_revealed); every export is recorded in \
the audit log with its file and row count. The file is created readable by you only. CSV files \
start with a UTF-8 byte order mark so that Excel shows Chinese correctly; in a revealed CSV, \
numbers start with a tab so that Excel keeps them as text instead of rounding them.";

const EXPORT_HELP_ZH: &str = "\
每次来访一行，最早的在前，列名使用 --lang 指定的语言。除非用 --reveal，身份证号和电话均脱敏；\
--reveal 会被记录（export_revealed）。每次导出都连同文件名和行数记入审计日志。\
文件创建后仅你本人可读。CSV 文件以 UTF-8 字节序标记开头，使 Excel 正确显示中文；\
在显示完整号码的 CSV 中，号码以制表符开头，使 Excel 把它们当作文本而不是四舍五入。";

/// (English, 中文).
pub(super) static ZH: &[(&str, &str)] = &[
    (LONG_ABOUT, LONG_ABOUT_ZH),
    (IMPORT_HELP, IMPORT_HELP_ZH),
    (EXPORT_HELP, EXPORT_HELP_ZH),
    (
        "jiedai (接待台): the front desk of a petition office",
        "jiedai（接待台）：信访接待室的前台",
    ),
    (
        "The database file [env: JIEDAI_DB; default: the platform data dir's jiedai/jiedai.db]",
        "数据库文件［环境变量：JIEDAI_DB；默认：系统数据目录下的 jiedai/jiedai.db］",
    ),
    (
        "Language of the screen and reports: zh or en [default: config, else the locale]",
        "界面和报告的语言：zh 或 en［默认：配置文件，否则按系统语言］",
    ),
    (
        "The officer on duty, active on the roster; every write is recorded under this name [env: JIEDAI_OFFICER]",
        "值班人员（须为名册上的在册人员）；每次写入都记在此人名下［环境变量：JIEDAI_OFFICER］",
    ),
    (
        "A keymap file, or `vim` for the shipped vim keymap",
        "按键方案文件，或 `vim`（自带的 vim 按键方案）",
    ),
    (
        "Print help (see more with '--help')",
        "显示帮助（用 --help 查看详细说明）",
    ),
    (
        "Print help",
        "显示帮助",
    ),
    (
        "Print version",
        "显示版本",
    ),
    (
        "Print this message or the help of the given subcommand(s)",
        "显示本帮助，或指定命令的帮助",
    ),
    (
        "Create or migrate the database and print its path",
        "创建或升级数据库，并显示其路径",
    ),
    (
        "Fill the database with realistic synthetic data",
        "用逼真的模拟数据填充数据库",
    ),
    (
        "How many people to create",
        "生成多少名信访人",
    ),
    (
        "Seed of the generator (same seed, same data)",
        "生成器的种子（种子相同，数据相同）",
    ),
    (
        "Register a contact: a walk-in, a letter, a call or an online submission",
        "登记一次信访：来访、来信、来电或网上信访",
    ),
    (
        "The petitioner's name",
        "信访人姓名",
    ),
    (
        "PRC ID number (18 characters, or an old 15-digit one)",
        "身份证号（18 位，或旧式 15 位）",
    ),
    (
        "How many people came (5 or more is a collective visit)",
        "来访人数（5 人及以上为集体访）",
    ),
    (
        "Names of the representatives of a collective visit, comma-separated",
        "集体访代表的姓名，用逗号分隔",
    ),
    (
        "What the petition is about",
        "信访诉求",
    ),
    (
        "Where the problem is (问题属地)",
        "问题属地",
    ),
    (
        "The matter concerns litigation (涉法涉诉)",
        "涉法涉诉",
    ),
    (
        "Join this existing case (a repeat visit)",
        "并入已有事项（重复信访）",
    ),
    (
        "Link to this person already on record (their number from lookup)",
        "关联已登记的信访人（查询结果中的编号）",
    ),
    (
        "Today's walk-in queue, or move a visitor along it",
        "今天的来访队列，或办理队列中的来访人",
    ),
    (
        "Start receiving visitor N (records you as the receiving officer)",
        "开始接待 N 号来访人（记录你为接待人）",
    ),
    (
        "Today's queue number",
        "今天的排队号",
    ),
    (
        "The day of the number, when not today (YYYY-MM-DD)",
        "排队号所在的日期，不是今天时填写（YYYY-MM-DD）",
    ),
    (
        "Visitor N has been received",
        "N 号来访人已接待",
    ),
    (
        "Visitor N left without being received",
        "N 号来访人未接待即离开",
    ),
    (
        "A representative on record, by person number (repeat for each); a 老户 among them flags the visit",
        "代表中已在册的人，按信访人编号（每人一次）；其中有老户时本次来访同样标记",
    ),
    (
        "A representative not on record yet, put on record with the visit: NAME or NAME:ID_NUMBER:PHONE (either part may be empty; repeat for each)",
        "尚未在册的代表，随本次来访登记在册：姓名，或 姓名:身份证号:电话（后两项可空；每人一次）",
    ),
    (
        "Take back visitor N's last move (within your shift; recorded on the timeline)",
        "撤销 N 号来访人的上一步操作（限本班次内，记入时间线）",
    ),
    (
        "Find people by name, pinyin, initials, ID number, phone, case or letter number",
        "按姓名、拼音、首字母、身份证号、电话、事项编号或信件编号查找信访人",
    ),
    (
        "Show, mark or merge people on record",
        "查看、标记或合并已登记的信访人",
    ),
    (
        "One person with their contacts and cases, newest first",
        "一名信访人及其来访记录和信访事项，最新的在前",
    ),
    (
        "The person's number (from lookup)",
        "信访人编号（查询结果中的编号）",
    ),
    (
        "Show the ID number and phone unmasked (recorded in the audit log)",
        "显示完整身份证号和电话（记入审计日志）",
    ),
    (
        "Mark (or unmark) a person as long-standing (老户); recorded",
        "标记（或取消标记）老户；记入审计日志",
    ),
    (
        "Remove the mark instead",
        "改为取消标记",
    ),
    (
        "Merge two records of the same person: OTHER's contacts and cases move to KEEP; OTHER stays on record, pointing at KEEP; recorded",
        "合并同一人的两条记录：OTHER 的来访记录和信访事项移到 KEEP 名下；OTHER 保留并指向 KEEP；记入审计日志",
    ),
    (
        "Show a case or move it through its lifecycle",
        "查看信访事项，或办理其流程",
    ),
    (
        "A case with its people, contacts, timeline and clocks",
        "一件信访事项：信访人、来访记录、时间线和时限",
    ),
    (
        "The case number, like 2026-000123",
        "事项编号，如 2026-000123",
    ),
    (
        "受理",
        "受理",
    ),
    (
        "The reason, reply or decision, in writing",
        "书面理由、答复或决定",
    ),
    (
        "不予受理 (needs --text)",
        "不予受理（须用 --text 写明理由）",
    ),
    (
        "答复",
        "答复",
    ),
    (
        "Extend the handling clock once (at most 30 days) with a reason, approved by a 科长 or 领导 (Art. 32)",
        "延长办理期限一次（最多 30 天），须写明理由，并经科长或领导批准（第三十二条）",
    ),
    (
        "Name the handler (承办人) and/or the handling unit",
        "指定承办人和/或承办单位",
    ),
    (
        "The officer who will handle it",
        "承办人",
    ),
    (
        "Add a note to the timeline",
        "在时间线上添加备注",
    ),
    (
        "Link to another case",
        "关联另一件信访事项",
    ),
    (
        "归档",
        "归档",
    ),
    (
        "申请复查",
        "申请复查",
    ),
    (
        "复查决定 (needs --text)",
        "复查决定（须用 --text 写明）",
    ),
    (
        "申请复核",
        "申请复核",
    ),
    (
        "复核决定 (needs --text); the case becomes final",
        "复核决定（须用 --text 写明）；事项随即终结",
    ),
    (
        "Print one JSON document",
        "输出一个 JSON 文档",
    ),
    (
        "Units that cases are transferred to",
        "承办单位（事项转送的去处）",
    ),
    (
        "The two-level list of categories",
        "两级问题类别",
    ),
    (
        "The top-level category this one belongs to",
        "所属的一级类别",
    ),
    (
        "The shift handover (交班) summary; hand over and acknowledge",
        "交班摘要；交班与接班确认",
    ),
    (
        "Start of the window: RFC 3339 or `YYYY-MM-DD HH:MM` [default: the start of your shift]",
        "时段开始：RFC 3339 或 `YYYY-MM-DD HH:MM`［默认：本班开始时］",
    ),
    (
        "End of the window [default: now, or the end of your last shift if it ended]",
        "时段结束［默认：现在；上一班已结束则为其结束时］",
    ),
    (
        "Same as --format json",
        "等同于 --format json",
    ),
    (
        "Write the summary to FILE (readable by you only; `-` prints it) instead of printing it; the export is recorded in the audit log",
        "把摘要写入文件 FILE（仅你本人可读；`-` 表示直接显示）而不显示；导出记入审计日志",
    ),
    (
        "Summarize another officer's shift [default: --officer]",
        "汇总另一名工作人员的班次［默认：--officer］",
    ),
    (
        "Hand your shift over to the incoming officer; this ends your shift",
        "把本班交给接班人员；本班随即结束",
    ),
    (
        "The incoming officer (an active officer on the roster)",
        "接班人员（须为名册上的在册人员）",
    ),
    (
        "Notes for the incoming officer (replaces the shift's notes)",
        "给接班人员的交班事项（替换本班原有的交班事项）",
    ),
    (
        "Acknowledge the latest handover addressed to you",
        "确认接收交给你的最近一次交班",
    ),
    (
        "The shift number of one handover, when several are waiting",
        "有多个交班待确认时，指定其中一个的班次编号",
    ),
    (
        "Write the notes of your open shift (what the next officer must know)",
        "填写本班的交班事项（下一班须知道的事）",
    ),
    (
        "Add a line instead of replacing the notes",
        "追加一行，而不是替换",
    ),
    (
        "Start, end or show your shift",
        "开始、结束或查看你的班次",
    ),
    (
        "Start your shift, or resume the one still open; lists handovers waiting for you",
        "开始本班，或继续尚未结束的一班；列出等你确认的交班",
    ),
    (
        "End your shift without handing it over",
        "结束本班，不交班",
    ),
    (
        "Your current (or last) shift, handovers waiting for you, and the last handover",
        "你当前（或上一个）班次、等你确认的交班和最近一次交班",
    ),
    (
        "Register contacts from a CSV or .xlsx file, such as an old register (all rows or none)",
        "从 CSV 或 .xlsx 文件（如旧登记簿）登记来访记录（全部导入或全部不导入）",
    ),
    (
        "The CSV or .xlsx file (header row; see --help for the columns)",
        "CSV 或 .xlsx 文件（含标题行；各列见 --help）",
    ),
    (
        "Map the file's own column names to jiedai's (TOML; see --help)",
        "把文件自己的列名对应到本系统的列名（TOML；见 --help）",
    ),
    (
        "Record rows without a status or closing date as closed cases (a register of finished business)",
        "把没有办理状态或办结日期的行记为已办结事项（登记簿记的都是已办完的事）",
    ),
    (
        "Check and count everything, write nothing",
        "检查并统计全部内容，不写入任何内容",
    ),
    (
        "Print the result as one JSON document",
        "以一个 JSON 文档输出结果",
    ),
    (
        "Write contacts to a CSV or XLSX file (masked unless --reveal; recorded)",
        "把来访记录写入 CSV 或 XLSX 文件（除非 --reveal 否则脱敏；记入审计日志）",
    ),
    (
        "The file to write: FILE.csv or FILE.xlsx, or `-` for CSV on standard output",
        "要写入的文件：FILE.csv 或 FILE.xlsx，或用 `-` 把 CSV 写到标准输出",
    ),
    (
        "First day, inclusive (YYYY-MM-DD, or YYYY-MM) [default: the first contact]",
        "起始日，含当天（YYYY-MM-DD 或 YYYY-MM）［默认：最早的来访］",
    ),
    (
        "Last day, inclusive (YYYY-MM-DD, or YYYY-MM) [default: the last contact]",
        "截止日，含当天（YYYY-MM-DD 或 YYYY-MM）［默认：最近的来访］",
    ),
    (
        "Write full ID numbers and phones (recorded in the audit log)",
        "写出完整身份证号和电话（记入审计日志）",
    ),
    (
        "Replace FILE if it exists (never the database or its -wal/-shm/-journal)",
        "文件已存在时替换（数据库及其 -wal/-shm/-journal 文件除外）",
    ),
    (
        "Figures for a period: contacts, people, batches, categories, cases, clocks",
        "一段时间的统计：来访、人数、批次、类别、事项、时限",
    ),
    (
        "First day, inclusive: YYYY-MM-DD, or YYYY-MM for the first of that month [default: the first of this month, or of --to's month]",
        "起始日，含当天：YYYY-MM-DD，或 YYYY-MM 表示该月第一天［默认：本月第一天，或 --to 所在月的第一天］",
    ),
    (
        "Last day, inclusive: YYYY-MM-DD, or YYYY-MM for the last of that month [default: the end of this month with no --from, else today]",
        "截止日，含当天：YYYY-MM-DD，或 YYYY-MM 表示该月最后一天［默认：未给 --from 时为本月最后一天，否则为今天］",
    ),
    (
        "Copy the database to a file, consistently, while desks are running",
        "在接待台运行时，把数据库一致地复制到文件",
    ),
    (
        "Where to write the copy (must not exist)",
        "副本写到哪里（文件须不存在）",
    ),
    (
        "Check the file's integrity and the timeline's hash chain (and anchors kept outside the file)",
        "检查数据库文件的完整性和时间线的哈希链（以及保存在文件之外的锚点）",
    ),
    (
        "Measure the desk at scale",
        "在大数据量下测量接待台的性能",
    ),
    (
        "Per-keystroke lookup latency over seeded typing sequences, against a full scan (without --db: a demo database built once in the cache folder)",
        "按固定种子生成的输入序列，测量每次击键的查询耗时，并与全量模糊扫描对比（未给 --db 时：在缓存目录中一次性生成模拟数据库）",
    ),
    (
        "How many people the cached demo database holds",
        "缓存的模拟数据库中的人数",
    ),
    (
        "Durable check-ins one after another, each its own transaction, with their latency (without --db: on a temporary file)",
        "逐次登记并各自提交（落盘），测量每次耗时（未给 --db 时：在临时文件上）",
    ),
    (
        "The reads behind the desk and the reports on the record as it is: the desk's start, its first lookup and case, the status line's counts, the queue, the handover summary, the figures of this month and year (read-only)",
        "按记录现状测量接待台与报表背后的读取：接待台启动、启动后的首次查询和首次打开案件、状态栏计数、排队、交班摘要、本月和本年的统计（只读）",
    ),
    (
        "How many times to time each read (the status line and the queue: 20 times as many; the figures: once)",
        "每项读取计时的次数（状态栏和排队为其 20 倍；统计只计一次）",
    ),
    (
        "How many check-ins to make",
        "登记多少次",
    ),
    (
        "Marks this run's visitors (their matter ends with it) and seeds their names",
        "标记本次的来访人（事项末尾注明），并作为生成姓名的种子",
    ),
    (
        "Allow writing the made-up visitors into the record --db names (for good)",
        "允许把虚构来访人写入 --db 指定的记录（永久保存）",
    ),
    (
        "Check in people already on record, picked at random as if found by a lookup, each with a new matter (on a temporary file, `count` newcomers are put on record first, untimed)",
        "登记记录中已有的来访人（随机选取，如同查询后选中），每人一个新事项（在临时文件上先不计时地登记 count 名新来访人）",
    ),
    (
        "Print one JSON document, with every acknowledged case and queue number",
        "输出一个 JSON 文档，列出每次确认登记的案件编号和排队号",
    ),
    (
        "Add synthetic people even to a database that holds contacts already (written step by step, as on a PostgreSQL server, not in bulk)",
        "即使数据库中已有来访记录，也加入模拟人员（逐步写入，与 PostgreSQL 服务器上相同，不批量写入）",
    ),
    (
        "Read the audit log: reveals, exports, backups, imports, merges, marks",
        "查看审计日志：显示完整号码、导出、备份、导入、合并、标记",
    ),
    (
        "Only this action: reveal, export, backup, import, merge, handover… (a name the log never holds is refused with the whole list)",
        "只看这一种操作：reveal、export、backup、import、merge、handover……（审计日志中不会有的操作名会被拒绝，并列出全部操作名）",
    ),
    (
        "Only what this officer did",
        "只看这名工作人员的操作",
    ),
    (
        "First day, inclusive (YYYY-MM-DD, or YYYY-MM)",
        "起始日，含当天（YYYY-MM-DD 或 YYYY-MM）",
    ),
    (
        "Last day, inclusive (YYYY-MM-DD, or YYYY-MM)",
        "截止日，含当天（YYYY-MM-DD 或 YYYY-MM）",
    ),
    (
        "How many rows, newest first",
        "显示多少行，最新的在前",
    ),
    (
        "An anchor SEQ:HASH taken earlier (from `verify`, a handover, a backup or an export): the chain must still hold it; repeatable",
        "先前取得的锚点 SEQ:HASH（来自 `verify`、交班、备份或导出）：哈希链必须仍包含它；可重复给出",
    ),
    (
        "A file of anchors, one a line (as copied from handovers)",
        "锚点文件，每行一个（从交班摘要中复制）",
    ),
    (
        "Check only what was written after this anchor (a head printed by an earlier full verify): the chain from it on and every row changed since",
        "只核验此锚点之后写入的内容（先前完整核验打印的链头）：此后的哈希链及其后改动过的每一行",
    ),
    (
        "Replace FILE if it exists",
        "文件已存在时替换",
    ),
];
