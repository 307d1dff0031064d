//! 突发事件预案: when a group visit calls for the plan, whom it notifies, and by
//! when they must be on the scene (the village plan: "在规定时间内赶到信访现场").

use super::{NotifyEntry, Plan, PlanLogKind, RiskConfig, TOWN_ROLE};
use chrono::{DateTime, Duration, FixedOffset};

/// Whether a walk-in of `headcount` people proposes the plan: enough people
/// came, or a 包案 老户 came with others (`baoan_in_group`), who is known to
/// bring a group back.
pub fn plan_proposed(headcount: u32, baoan_in_group: bool, cfg: &RiskConfig) -> bool {
    (cfg.plan_headcount > 0 && headcount >= cfg.plan_headcount) || baoan_in_group
}

/// When the notified must be on the scene.
pub fn on_scene_due(started: DateTime<FixedOffset>, cfg: &RiskConfig) -> DateTime<FixedOffset> {
    started + Duration::minutes(i64::from(cfg.plan_on_scene_minutes))
}

/// Whom to notify: the configured roster, with the 属地 entry naming the visitors'
/// town when it is known.
pub fn notify_list(cfg: &RiskConfig, town: Option<&str>) -> Vec<NotifyEntry> {
    cfg.plan_notify
        .iter()
        .map(|e| {
            let mut e = e.clone();
            if e.role == TOWN_ROLE && e.name.is_empty() {
                if let Some(t) = town.filter(|t| !t.is_empty()) {
                    e.name = t.to_string();
                }
            }
            e
        })
        .collect()
}

/// Whether the first arrival came after the on-scene deadline (or none came while
/// the deadline passed): compared as the record writes instants (RFC 3339, one
/// office offset).
pub fn arrived_late(plan: &Plan, now: &str) -> bool {
    match plan.first_arrival() {
        Some(a) => a.at > plan.on_scene_due,
        None => plan.is_open() && now > plan.on_scene_due.as_str(),
    }
}

/// Whether a log line of this kind may be added to a plan in this state.
pub fn may_log(plan: &Plan, kind: PlanLogKind) -> bool {
    plan.is_open() && kind != PlanLogKind::Closed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_names_the_town_and_sets_the_deadline() {
        let cfg = RiskConfig::default();
        assert!(plan_proposed(20, false, &cfg));
        assert!(!plan_proposed(19, false, &cfg));
        assert!(plan_proposed(2, true, &cfg));
        let list = notify_list(&cfg, Some("城关镇"));
        assert_eq!(list.len(), 3);
        assert_eq!(list[2].name, "城关镇");
        let t = DateTime::parse_from_rfc3339("2026-11-28T10:30:00+08:00").unwrap();
        assert_eq!(
            on_scene_due(t, &cfg).to_rfc3339(),
            "2026-11-28T11:00:00+08:00"
        );
    }

    #[test]
    fn an_arrival_after_the_deadline_or_none_by_then_is_late() {
        let mut plan = Plan {
            id: 1,
            started_at: "2026-11-28T10:30:00+08:00".into(),
            officer: "王科员".into(),
            contact_id: None,
            headcount: 30,
            area: String::new(),
            reason: String::new(),
            on_scene_due: "2026-11-28T11:00:00+08:00".into(),
            notify: Vec::new(),
            log: Vec::new(),
            closed_at: None,
            outcome: None,
        };
        assert!(!arrived_late(&plan, "2026-11-28T10:59:00+08:00"));
        assert!(arrived_late(&plan, "2026-11-28T11:01:00+08:00"));
        plan.log.push(crate::domain::risk::PlanLogEntry {
            at: "2026-11-28T11:10:00+08:00".into(),
            officer: "王科员".into(),
            kind: PlanLogKind::Arrived,
            who: "公安".into(),
            text: String::new(),
        });
        assert!(arrived_late(&plan, "2026-11-28T11:20:00+08:00"));
        assert!(!may_log(
            &Plan {
                closed_at: Some("2026-11-28T12:00:00+08:00".into()),
                ..plan.clone()
            },
            PlanLogKind::Note
        ));
        assert!(may_log(&plan, PlanLogKind::Arrived));
    }
}
