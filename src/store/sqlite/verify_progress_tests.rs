//! A full verify tells its progress pass by pass, and what it tells adds up.

use crate::store::{OpenMode, Store, VerifyStage};
use crate::time::{parse_instant, TimeSource};

#[test]
fn a_full_verify_tells_each_pass_in_order_up_to_its_total() {
    let dir = tempfile::tempdir().unwrap();
    let t = parse_instant("2026-11-02T09:00:00+08:00").unwrap();
    let mut store = Store::open(
        dir.path().join("office.db"),
        OpenMode::Create,
        TimeSource::Fixed(t),
    )
    .unwrap();
    crate::demo::fill(&mut store, 150, 2, |_| {}).unwrap();
    let mut heard: Vec<(VerifyStage, u64, u64)> = Vec::new();
    let report = store
        .verify_watched(None, &[], &mut |stage, done, total| {
            heard.push((stage, done, total))
        })
        .unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    let mut stages: Vec<VerifyStage> = heard.iter().map(|h| h.0).collect();
    stages.dedup();
    assert_eq!(
        stages,
        // The structure, references and timelines are read on a second core
        // while the chain and rows are walked, and told once those are done.
        [
            VerifyStage::Chain,
            VerifyStage::Rows,
            VerifyStage::Structure,
            VerifyStage::References,
            VerifyStage::Timeline
        ]
    );
    assert!(heard.iter().all(|(_, done, total)| done <= total));
    let last_of = |stage| heard.iter().rev().find(|h| h.0 == stage).unwrap();
    let chain = last_of(VerifyStage::Chain);
    assert_eq!(
        (chain.1, chain.2),
        (report.entries as u64, report.entries as u64)
    );
    let timeline = last_of(VerifyStage::Timeline);
    assert_eq!(timeline.1, timeline.2);
    assert!(timeline.2 >= report.events as u64 && report.events > 0);

    // An incremental verify says nothing: it is over at once.
    let head = store.chain_head().unwrap().unwrap();
    heard.clear();
    store
        .verify_watched(Some(&head), &[], &mut |stage, done, total| {
            heard.push((stage, done, total))
        })
        .unwrap();
    assert!(heard.is_empty(), "{heard:?}");
}
