//! Why an output (`--out`, a backup, a notice, a receipt) was refused or failed,
//! in both languages: the rules are in `crate::outfile`.

use crate::domain::Lang;
use crate::outfile::OutProblem;

pub fn out_problem(problem: &OutProblem, lang: Lang) -> String {
    match lang {
        Lang::Zh => zh(problem),
        Lang::En => en(problem),
    }
}

fn zh(problem: &OutProblem) -> String {
    match problem {
        OutProblem::EmptyName => "输出文件名为空".into(),
        OutProblem::Database(p) => format!(
            "{} 是数据库（或其 -wal、-shm、-journal 文件）：请换一个文件名，记录从不被覆盖",
            p.display()
        ),
        OutProblem::Symlink(p) => format!("{} 是符号链接：请指定一个普通文件", p.display()),
        OutProblem::Folder(p) => format!("{} 是文件夹：请给出其中的文件名", p.display()),
        OutProblem::NotRegular(p) => format!(
            "{} 不是普通文件（是设备、管道或套接字）：请指定文件名，或用 `-` 表示标准输出",
            p.display()
        ),
        OutProblem::Exists(p) => {
            format!(
                "{} 已存在：请换一个文件名，或加 --force 替换它",
                p.display()
            )
        }
        OutProblem::Unusable(p, e) => format!("无法使用 {}：{e}", p.display()),
        OutProblem::NoFolder { target, folder } => format!(
            "无法写入 {}：文件夹 {} 不存在；请先创建它，或换一个路径",
            target.display(),
            folder.display()
        ),
        OutProblem::NoPermission(p) => {
            format!(
                "无法写入 {}（没有权限，或磁盘只读）：请换一个路径",
                p.display()
            )
        }
        OutProblem::Appeared(p) => format!(
            "{} 在写入期间被别处创建；没有替换任何文件：请换一个文件名，或加 --force",
            p.display()
        ),
        OutProblem::Write(p, e) => format!("无法写入 {}：{e}", p.display()),
        OutProblem::Replace(p, e) => format!("无法替换 {}：{e}", p.display()),
        OutProblem::Create(p, e) => format!("无法创建 {}：{e}", p.display()),
    }
}

fn en(problem: &OutProblem) -> String {
    match problem {
        OutProblem::EmptyName => "the output file name is empty".into(),
        OutProblem::Database(p) => format!(
            "{} is the database (or one of its -wal, -shm, -journal files); \
             choose another file name: the record is never overwritten",
            p.display()
        ),
        OutProblem::Symlink(p) => {
            format!(
                "{} is a symbolic link; name a regular file instead",
                p.display()
            )
        }
        OutProblem::Folder(p) => format!("{} is a folder; give a file name inside it", p.display()),
        OutProblem::NotRegular(p) => format!(
            "{} is not a regular file (a device, pipe or socket); \
             choose a file name, or `-` for standard output",
            p.display()
        ),
        OutProblem::Exists(p) => format!(
            "{} exists already; choose another name, or add --force to replace it",
            p.display()
        ),
        OutProblem::Unusable(p, e) => format!("cannot use {}: {e}", p.display()),
        OutProblem::NoFolder { target, folder } => format!(
            "cannot write {}: the folder {} does not exist; create it or choose another path",
            target.display(),
            folder.display()
        ),
        OutProblem::NoPermission(p) => format!(
            "cannot write {} (no permission, or a read-only disk); choose another path",
            p.display()
        ),
        OutProblem::Appeared(p) => format!(
            "{} appeared while it was being written; nothing was replaced: \
             choose another name, or add --force",
            p.display()
        ),
        OutProblem::Write(p, e) => format!("cannot write {}: {e}", p.display()),
        OutProblem::Replace(p, e) => format!("cannot replace {}: {e}", p.display()),
        OutProblem::Create(p, e) => format!("cannot create {}: {e}", p.display()),
    }
}
