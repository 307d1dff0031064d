//! The worker's side of the registers: the register view's data, starting a plan,
//! and the brief the desk warns from at start.

use super::{Failed, Response, Worker};
use crate::domain::risk::{Plan, RiskBrief};
use crate::store::{LevelRegister, PlanStart, Result, ScreeningRegister};

/// What the desk asks about the registers.
#[derive(Debug, Clone)]
pub enum RiskRequest {
    /// Everything the register view shows.
    Register,
    /// Start the plan for a sudden group visit, on a walk-in if one is chosen.
    StartPlan {
        officer: String,
        contact_id: Option<i64>,
    },
}

/// Everything the register view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterData {
    pub brief: RiskBrief,
    pub screening: ScreeningRegister,
    pub levels: LevelRegister,
    /// The latest plans, open or closed.
    pub plans: Vec<Plan>,
}

#[derive(Debug, Clone)]
pub enum RiskResponse {
    Register(Box<RegisterData>),
    PlanStarted(Plan),
    /// At start: rounds late and items overdue, for the desk's warning.
    Brief(RiskBrief),
}

impl Worker {
    pub(super) fn risk(&mut self, request: RiskRequest) -> bool {
        match request {
            RiskRequest::Register => self.send_register(),
            RiskRequest::StartPlan {
                officer,
                contact_id,
            } => {
                let start = PlanStart {
                    contact_id,
                    ..Default::default()
                };
                match self.store.start_plan(&officer, &start) {
                    Ok(plan) => {
                        self.send(Response::Risk(Box::new(RiskResponse::PlanStarted(plan))))
                            && self.send_register()
                    }
                    Err(e) => self.fail(Failed::Risk, e),
                }
            }
        }
    }

    fn register(&self) -> Result<RegisterData> {
        Ok(RegisterData {
            brief: self.store.risk_brief()?,
            screening: self.store.screening_register(None)?,
            levels: self.store.level_register(None, None)?,
            plans: self.store.plans(false, 20)?,
        })
    }

    fn send_register(&self) -> bool {
        match self.register() {
            Ok(d) => self.send(Response::Risk(Box::new(RiskResponse::Register(Box::new(
                d,
            ))))),
            Err(e) => self.fail(Failed::Risk, e),
        }
    }

    /// The registers' brief at start; a failure here never stops the desk.
    pub(super) fn send_risk_brief(&self) -> bool {
        match self.store.risk_brief() {
            Ok(b) => self.send(Response::Risk(Box::new(RiskResponse::Brief(b)))),
            Err(_) => true,
        }
    }
}
