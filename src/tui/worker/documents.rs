//! The documents the desk writes for a petitioner: the 登记回执, from the office's
//! template, through `outfile` (never onto the database), recorded first.

use super::Worker;
use crate::domain::documents::Template;
use crate::domain::Lang;
use crate::templates::Paper;
use crate::words::desk::Problem;
use std::path::Path;

impl Worker {
    /// Writes the case's receipt to `out`; the sentence that says where, or why not.
    pub(super) fn write_receipt(
        &mut self,
        officer: &str,
        case_no: &str,
        out: &Path,
    ) -> Result<String, Problem> {
        let (desk, dir, lang) = self
            .paper
            .clone()
            .unwrap_or_else(|| (Default::default(), None, Lang::Zh));
        // The usual refusal, said in the desk's words; `outfile` still checks the rest.
        if std::fs::symlink_metadata(out).is_ok() {
            return Err(Problem::Worded(crate::words::notices::file_exists));
        }
        let folder = out
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !folder.is_dir() {
            let folder = folder.display().to_string();
            return Err(Problem::About(crate::words::notices::no_folder, folder));
        }
        let protected = crate::outfile::database_files(self.store.path());
        let refused = |e: crate::outfile::OutError| {
            Problem::Plain(crate::words::outfile::out_problem(e.problem(), lang))
        };
        crate::outfile::check_target(out, false, &protected).map_err(refused)?;
        let detail = self.store.case_detail(case_no)?;
        let paper = Paper {
            dir: dir.as_deref(),
            desk: &desk,
            today: self.store.today(),
        };
        let text = paper
            .receipt(&detail)
            .map_err(|e| Problem::Plain(crate::words::notices::template_error(&e, lang)))?;
        let shown = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        let shown = shown.display().to_string();
        self.store
            .record_document(officer, case_no, Template::Receipt, &shown)?;
        crate::outfile::write_new(out, false, &protected, text.as_bytes()).map_err(refused)?;
        Ok(crate::words::notices::written(
            Template::Receipt,
            &shown,
            lang,
        ))
    }
}
