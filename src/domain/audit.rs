//! The acts the audit log records: one list, used both to write a row and to check
//! what `jiedai audit --action` asks for, so a typo is refused rather than matching
//! nothing.

/// One kind of recorded act; its name is what the log's `action` column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Reveal,
    Export,
    ExportRevealed,
    Backup,
    Import,
    Merge,
    MarkLongStanding,
    UnmarkLongStanding,
    OfficerAdd,
    OfficerRename,
    OfficerRetire,
    Handover,
    Acknowledge,
    Receipt,
    Notice,
    ScreeningRound,
    ScreeningItem,
    PlanStart,
    PlanClose,
    DivisionLoad,
    Return,
}

impl AuditAction {
    pub const ALL: [AuditAction; 21] = [
        AuditAction::Reveal,
        AuditAction::Export,
        AuditAction::ExportRevealed,
        AuditAction::Backup,
        AuditAction::Import,
        AuditAction::Merge,
        AuditAction::MarkLongStanding,
        AuditAction::UnmarkLongStanding,
        AuditAction::OfficerAdd,
        AuditAction::OfficerRename,
        AuditAction::OfficerRetire,
        AuditAction::Handover,
        AuditAction::Acknowledge,
        AuditAction::Receipt,
        AuditAction::Notice,
        AuditAction::ScreeningRound,
        AuditAction::ScreeningItem,
        AuditAction::PlanStart,
        AuditAction::PlanClose,
        AuditAction::DivisionLoad,
        AuditAction::Return,
    ];

    /// The name stored in the log and typed after `--action`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Reveal => "reveal",
            AuditAction::Export => "export",
            AuditAction::ExportRevealed => "export_revealed",
            AuditAction::Backup => "backup",
            AuditAction::Import => "import",
            AuditAction::Merge => "merge",
            AuditAction::MarkLongStanding => "mark_long_standing",
            AuditAction::UnmarkLongStanding => "unmark_long_standing",
            AuditAction::OfficerAdd => "officer_add",
            AuditAction::OfficerRename => "officer_rename",
            AuditAction::OfficerRetire => "officer_retire",
            AuditAction::Handover => "handover",
            AuditAction::Acknowledge => "acknowledge",
            AuditAction::Receipt => "receipt",
            AuditAction::Notice => "notice",
            AuditAction::ScreeningRound => "screening_round",
            AuditAction::ScreeningItem => "screening_item",
            AuditAction::PlanStart => "plan_start",
            AuditAction::PlanClose => "plan_close",
            AuditAction::DivisionLoad => "division_load",
            AuditAction::Return => "return",
        }
    }

    /// The action of that name, if the program records one.
    pub fn parse(name: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// Every name, comma-separated, for a refusal that lists them.
    pub fn names() -> String {
        AuditAction::ALL.map(AuditAction::as_str).join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_parses_back_from_its_name() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
        assert_eq!(AuditAction::parse("revael"), None);
        assert_eq!(AuditAction::parse("Reveal"), None);
        assert!(AuditAction::names().starts_with("reveal, export, export_revealed"));
    }
}
