//! What saving would say, said before saving (issue 12, items 4 and 5): for a
//! visit of several people the form asks the store for a preview (the real
//! check-in, rolled back) and shows the screening items the visit matches, or
//! that it will be flagged unscreened, and offers to start the plan when a 包案
//! 老户 came with a group or enough people came. Starting it is one key and
//! defaults to no.

use super::CheckInForm;
use crate::domain::intake::WarningCode;
use crate::domain::Flag;
use crate::store::CheckInResult;
use crate::tui::layer::Effect;
use crate::tui::worker::Request;

#[derive(Debug, Default)]
pub struct Preview {
    pub seq: u64,
    /// What was last asked about, so that typing the matter asks nothing.
    asked: String,
    pub result: Option<Box<CheckInResult>>,
    /// The officer accepted the plan's proposal.
    pub start_plan: bool,
}

impl Preview {
    pub fn plan_proposed(&self) -> bool {
        self.result.as_ref().is_some_and(|r| r.plan_proposed)
    }

    /// The plan starts on saving: proposed and accepted.
    pub fn plan_accepted(&self) -> bool {
        self.start_plan && self.plan_proposed()
    }

    pub fn unscreened(&self) -> bool {
        self.result
            .as_ref()
            .is_some_and(|r| r.warnings.codes().contains(&WarningCode::Unscreened))
    }

    pub fn baoan(&self) -> bool {
        self.result
            .as_ref()
            .is_some_and(|r| r.flags.contains(&Flag::Baoan))
    }
}

impl CheckInForm {
    /// Asks for a preview when the visit is of several people and what decides
    /// the registers' answer changed; forgets the last one when it is one person.
    pub fn preview_effects(&mut self, officer: Option<&str>) -> Vec<Effect> {
        let several = self.headcount_typed().parse::<u32>().is_ok_and(|n| n > 1);
        let (Some(officer), true, Ok(mut request), Ok(risk)) =
            (officer, several, self.request(), self.more.risk())
        else {
            // Nothing to ask (one person, or a form the store would refuse): an
            // older answer would be stale.
            self.preview.result = None;
            self.preview.asked.clear();
            return Vec::new();
        };
        // The matter and category decide nothing the preview shows.
        request.intake.matter.clear();
        request.intake.category = None;
        let asked = format!("{request:?}{risk:?}");
        if asked == self.preview.asked {
            return Vec::new();
        }
        self.preview.asked = asked;
        self.preview.seq += 1;
        vec![Effect::Send(Request::CheckInPreview {
            seq: self.preview.seq,
            officer: officer.to_string(),
            request: Box::new(request),
            risk,
        })]
    }

    /// The preview arrived; an answer to an older question is dropped.
    pub fn set_preview(&mut self, seq: u64, result: Option<Box<CheckInResult>>) {
        if seq == self.preview.seq {
            self.preview.result = result;
        }
    }
}
