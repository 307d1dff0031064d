//! The desk's side of the registers: the register view's data, a plan started
//! from the desk, and the warning at start when a round is late or an item overdue.

use super::app::{App, Command};
use super::panes::risk_register::RiskRegisterView;
use super::worker::RiskResponse;

impl App {
    pub(super) fn on_risk(&mut self, r: RiskResponse) -> Vec<Command> {
        match r {
            RiskResponse::Register(data) => {
                if let Some(view) = self.layers.find_mut::<RiskRegisterView>() {
                    view.set_data(data);
                }
                Vec::new()
            }
            RiskResponse::PlanStarted(plan) => {
                self.flash(crate::words::risk::plan_started(self.lang, &plan), false);
                if self.layers.find::<RiskRegisterView>().is_none() {
                    self.layers.push(Box::new(RiskRegisterView::new()));
                }
                Vec::new()
            }
            RiskResponse::Brief(brief) => {
                if let Some(text) = crate::words::risk::desk_alert(self.lang, &brief) {
                    self.notice(text);
                }
                Vec::new()
            }
        }
    }
}
