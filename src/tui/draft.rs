//! A check-in form the desk was ended in the middle of (the window closed, a
//! `kill`): kept beside the database as a draft and offered back, filled in, the
//! next time the same officer opens the desk. The file holds what was typed (an ID
//! number too): it is owner-only and removed once read.

use crate::domain::intake::Field;
use crate::domain::Channel;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Each typed field by its code (`name`, `id_number`, …) with its text.
    pub fields: Vec<(String, String)>,
    pub channel: String,
}

impl Draft {
    pub fn value(&self, field: Field) -> Option<&str> {
        self.fields
            .iter()
            .find(|(code, _)| code == field.code())
            .map(|(_, v)| v.as_str())
    }

    pub fn channel(&self) -> Channel {
        Channel::from_code(&self.channel).unwrap_or(Channel::Visit)
    }
}

/// `<database>.draft-<officer>.json`, the officer's name hashed so that any name
/// makes a plain file name and desks of other officers keep their own.
/// A record on a server has no folder of its own on this PC: its drafts go to the
/// user's cache folder, named by a digest of the address without its password
/// (the address itself would put the password in a file name).
pub fn path(db: &Path, officer: Option<&str>) -> PathBuf {
    let digest = Sha256::digest(officer.unwrap_or("").as_bytes());
    let tag: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    let address = db.to_string_lossy();
    let mut name = if crate::store::address::is_server(&address) {
        let shown = crate::store::address::redacted(&address);
        let server: String = Sha256::digest(shown.as_bytes())
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        directories::ProjectDirs::from("", "", "jiedai")
            .map(|d| d.cache_dir().to_path_buf())
            .unwrap_or_else(std::env::temp_dir)
            .join(format!("server-{server}"))
            .into_os_string()
    } else {
        db.as_os_str().to_owned()
    };
    name.push(format!(".draft-{tag}.json"));
    PathBuf::from(name)
}

/// Writes the draft (replacing an older one of the same officer).
pub fn save(path: &Path, db: &Path, draft: &Draft) -> Result<(), String> {
    let text = serde_json::to_vec(draft).map_err(|e| e.to_string())?;
    // A server's drafts live in the cache folder, which may not exist yet.
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
    }
    let protected = crate::outfile::database_files(db);
    crate::outfile::write_new(path, true, &protected, &text)
        .map_err(|e| crate::words::outfile::out_problem(e.problem(), crate::domain::Lang::En))
}

/// Reads and removes the draft, if there is a readable one.
pub fn take(path: &Path) -> Option<Draft> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 1 << 20 {
        return None;
    }
    let text = std::fs::read(path).ok()?;
    let _ = std::fs::remove_file(path);
    serde_json::from_slice(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_kept_per_officer_and_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        let mine = path(&db, Some("王科员"));
        assert_ne!(mine, path(&db, Some("李娜")));
        let draft = Draft {
            fields: vec![("name".into(), "张伟".into())],
            channel: "letter".into(),
        };
        save(&mine, &db, &draft).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&mine).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let back = take(&mine).unwrap();
        assert_eq!(back, draft);
        assert_eq!(back.value(Field::Name), Some("张伟"));
        assert_eq!(back.channel(), Channel::Letter);
        assert!(take(&mine).is_none(), "a draft is offered once");
    }
}
