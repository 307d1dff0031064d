//! The queue acts on the visitor the officer means: a check-in does not move the
//! selection, a finished visitor hands it to whoever has waited longest, `x` asks
//! first, and a move the screen shows to be impossible blames no other desk.

use crate::common::*;

/// Carries out the queue moves among `commands` on the store, and answers as the
/// worker does: the move, then the refreshed queue.
fn carry_out(a: &mut App, d: &mut Desk, commands: Vec<Command>) {
    for c in commands {
        if let Command::Send(Request::QueueMove {
            officer,
            contact_id,
            action,
        }) = c
        {
            let status = d.store.queue_move(&officer, contact_id, action).unwrap();
            feed(a, Response::Moved { contact_id, status });
            refresh(a, d);
        }
    }
}

fn refresh(a: &mut App, d: &Desk) {
    let (rows, counts) = queue_snapshot(&d.store).unwrap();
    feed(a, Response::Queue { rows, counts });
}

/// The queue number of the visitor a move among `commands` is about.
fn moved_no(d: &Desk, commands: &[Command]) -> Option<(i64, QueueAction)> {
    let (rows, _) = queue_snapshot(&d.store).unwrap();
    commands.iter().find_map(|c| match c {
        Command::Send(Request::QueueMove {
            contact_id, action, ..
        }) => rows
            .iter()
            .find(|r| r.contact_id == *contact_id)
            .map(|r| (r.queue_no, *action)),
        _ => None,
    })
}

fn status_line(a: &App) -> String {
    screen(a).lines().next().unwrap_or_default().to_string()
}

#[test]
fn a_check_in_leaves_the_selection_on_the_row_the_officer_was_on() {
    let mut d = desk();
    let mut a = loaded(Lang::Zh, &d);
    key(&mut a, KeyCode::Down);
    let r = d
        .store
        .check_in("王科员", &walk_in("赵敏", None, 1, "咨询社保转移"))
        .unwrap();
    feed(&mut a, Response::CheckedIn(Box::new(r)));
    refresh(&mut a, &d);
    let sent = key(&mut a, KeyCode::Char('r'));
    // Before: the newest arrival (No. 4) was selected and called first.
    assert_eq!(
        moved_no(&d, &sent),
        Some((2, QueueAction::Receive)),
        "{sent:?}"
    );
    carry_out(&mut a, &mut d, sent);
}

#[test]
fn a_received_visitor_stays_selected_and_a_finished_one_hands_on_to_the_longest_waiting() {
    let mut d = desk();
    let mut a = loaded(Lang::En, &d);
    let sent = key(&mut a, KeyCode::Char('r'));
    assert_eq!(moved_no(&d, &sent), Some((1, QueueAction::Receive)));
    carry_out(&mut a, &mut d, sent);
    // Still on No. 1, now in reception: `d` finishes the same visitor.
    let sent = key(&mut a, KeyCode::Char('d'));
    assert_eq!(moved_no(&d, &sent), Some((1, QueueAction::Done)));
    carry_out(&mut a, &mut d, sent);
    // No. 1 is done: the next call goes to No. 2, who has waited longest.
    let sent = key(&mut a, KeyCode::Char('r'));
    assert_eq!(moved_no(&d, &sent), Some((2, QueueAction::Receive)));
}

#[test]
fn left_unseen_asks_first_and_no_leaves_the_visitor_waiting() {
    for lang in [Lang::Zh, Lang::En] {
        let mut d = desk();
        let mut a = loaded(lang, &d);
        let sent = key(&mut a, KeyCode::Char('x'));
        assert_eq!(moved_no(&d, &sent), None, "x moved someone at once");
        let text = screen(&a);
        let asked = if lang == Lang::Zh {
            "1 号 王芳 未接待即离开"
        } else {
            "No. 1 王芳 as left unseen"
        };
        assert!(text.contains(asked), "{text}");
        assert!(key(&mut a, KeyCode::Char('n')).is_empty());
        assert!(!screen(&a).contains(asked));
        key(&mut a, KeyCode::Char('x'));
        let sent = key(&mut a, KeyCode::Char('y'));
        assert_eq!(moved_no(&d, &sent), Some((1, QueueAction::Left)));
        carry_out(&mut a, &mut d, sent);
        // The next person waiting is selected, not the row that moved up.
        let sent = key(&mut a, KeyCode::Char('r'));
        assert_eq!(moved_no(&d, &sent), Some((2, QueueAction::Receive)));
    }
}

#[test]
fn a_move_the_screen_shows_impossible_blames_no_other_desk() {
    for lang in [Lang::Zh, Lang::En] {
        let mut d = desk();
        let mut a = loaded(lang, &d);
        let sent = key(&mut a, KeyCode::Char('r'));
        carry_out(&mut a, &mut d, sent);
        // Receiving the visitor already in reception at this very desk.
        let sent = key(&mut a, KeyCode::Char('r'));
        assert_eq!(moved_no(&d, &sent), None);
        let status = status_line(&a);
        let (says, blames) = if lang == Lang::Zh {
            ("1 号现为“接待中”", "其他接待台")
        } else {
            ("visitor 1 is", "another desk")
        };
        assert!(status.contains(says), "{status}");
        assert!(!status.contains(blames), "{status}");
    }
}
