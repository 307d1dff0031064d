//! Absurd data and stale answers fed to `App::update`: none may panic.

use super::*;

/// A small deterministic generator, so a failing walk can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// The keys a walk presses: every default binding and the editing keys.
fn walk_keys() -> Vec<(KeyCode, KeyModifiers)> {
    let none = KeyModifiers::NONE;
    let mut keys = vec![
        (KeyCode::Down, none),
        (KeyCode::Up, none),
        (KeyCode::PageDown, none),
        (KeyCode::PageUp, none),
        (KeyCode::Home, none),
        (KeyCode::End, none),
        (KeyCode::Enter, none),
        (KeyCode::Esc, none),
        (KeyCode::Tab, none),
        (KeyCode::BackTab, KeyModifiers::SHIFT),
        (KeyCode::Backspace, none),
        (KeyCode::Left, none),
        (KeyCode::Right, none),
        (KeyCode::F(5), none),
        (KeyCode::F(2), none),
    ];
    for c in "1234/nh?rdxovatAfpemzRDKFsyNY 张".chars() {
        keys.push((KeyCode::Char(c), none));
    }
    for c in "sklua".chars() {
        keys.push((KeyCode::Char(c), KeyModifiers::CONTROL));
    }
    keys
}

fn render_at(a: &App, w: u16, h: u16) {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view(a, f)).unwrap();
}

/// Answers what the worker would for reads, and sends stale copies of earlier
/// answers along with them.
fn answer_all(a: &mut App, d: &Desk, commands: Vec<Command>, stale: &mut Vec<Response>) {
    for c in commands {
        let Command::Send(req) = c else { continue };
        let response = match req {
            Request::Case { case_no } => match d.store.case_detail(&case_no) {
                Ok(detail) => Response::Case(Box::new(detail)),
                Err(_) => continue,
            },
            Request::Person { petitioner_id } => {
                Response::Person(Box::new(d.store.person_detail(petitioner_id).unwrap()))
            }
            Request::Lookup { seq, target, query } => Response::Lookup {
                seq,
                target,
                rows: d.store.lookup(&query, 200).unwrap(),
            },
            _ => continue,
        };
        stale.push(response.clone());
        feed(a, response);
    }
}

/// A case on the timeline whose event list is empty, and one with no clocks,
/// no people and no contacts.
fn hollow(mut detail: CaseDetail) -> CaseDetail {
    detail.events.clear();
    detail.clocks.clear();
    detail.petitioners.clear();
    detail.contacts.clear();
    detail.allowed_steps.clear();
    detail
}

const WIDE_NAME: &str = "欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜";

#[test]
fn an_empty_desk_takes_every_key_without_panicking() {
    let mut a = app(Lang::Zh);
    feed(
        &mut a,
        Response::Queue {
            rows: Vec::new(),
            counts: DeskCounts::default(),
        },
    );
    for pane in ['1', '2', '3', '4'] {
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char(pane));
        key(&mut a, KeyCode::Esc);
        for code in [
            KeyCode::Down,
            KeyCode::PageDown,
            KeyCode::End,
            KeyCode::Up,
            KeyCode::PageUp,
            KeyCode::Home,
            KeyCode::Enter,
        ] {
            key(&mut a, code);
            render_at(&a, 80, 24);
        }
        for c in "rdxovatAfpemzRDKFs".chars() {
            key(&mut a, KeyCode::Char(c));
            render_at(&a, 80, 24);
            key(&mut a, KeyCode::Esc);
        }
    }
}

#[test]
fn stale_and_orphan_answers_change_nothing_and_do_not_panic() {
    let d = desk();
    let mut a = loaded(Lang::Zh, &d);
    let case = d.store.case_detail("2026-000001").unwrap();
    let person = d
        .store
        .person_detail(case.petitioners[0].petitioner_id)
        .unwrap();
    let rows = d.store.lookup("王芳", 200).unwrap();

    // Answers for panes and forms that are not open, or were asked long ago.
    let orphans = [
        Response::Case(Box::new(case.clone())),
        Response::Person(Box::new(person.clone())),
        Response::Lookup {
            seq: 5,
            target: LookupFor::Pane,
            rows: rows.clone(),
        },
        Response::Lookup {
            seq: u64::MAX,
            target: LookupFor::Pane,
            rows: rows.clone(),
        },
        Response::Lookup {
            seq: 7,
            target: LookupFor::Form,
            rows: rows.clone(),
        },
        Response::Moved {
            contact_id: -1,
            status: QueueStatus::Done,
        },
        Response::CaseWritten {
            case_no: "2099-999999".into(),
            what: jiedai::tui::worker::CaseWrite::Assign,
        },
    ];
    for r in orphans {
        feed(&mut a, r);
        render_at(&a, 80, 24);
        render_at(&a, 200, 50);
    }
    assert!(
        a.desk.timeline.detail.is_none(),
        "a case nobody opened shows"
    );
    assert!(
        a.desk.lookup.person.is_none(),
        "a person nobody opened shows"
    );
    assert!(a.desk.lookup.rows.is_empty(), "an old lookup's rows show");

    // Errors for every kind of request, with nothing open that they belong to.
    for failed in [
        Failed::Load,
        Failed::Lookup,
        Failed::Case,
        Failed::Person,
        Failed::SignIn,
        Failed::Roster,
        Failed::CheckIn,
        Failed::QueueMove,
        Failed::CaseWrite,
        Failed::Reveal,
        Failed::Shift,
    ] {
        feed(
            &mut a,
            Response::Error {
                failed,
                problem: Problem::Other("磁盘已满".into()),
            },
        );
        render_at(&a, 80, 24);
    }

    // A lookup answered out of order: the older answer must not replace the newer.
    key(&mut a, KeyCode::Char('2'));
    type_text(&mut a, "wa");
    let newest = a.desk.lookup.seq;
    feed(
        &mut a,
        Response::Lookup {
            seq: newest,
            target: LookupFor::Pane,
            rows: rows.clone(),
        },
    );
    feed(
        &mut a,
        Response::Lookup {
            seq: newest - 1,
            target: LookupFor::Pane,
            rows: Vec::new(),
        },
    );
    assert_eq!(a.desk.lookup.rows.len(), rows.len());
    render_at(&a, 80, 24);
}

#[test]
fn a_case_with_no_events_and_a_person_with_a_thousand_cases_draw() {
    let d = desk();
    let mut a = loaded(Lang::Zh, &d);
    // Open the first case on the timeline, then replace it with a hollow copy.
    key(&mut a, KeyCode::Char('1'));
    let sent = key(&mut a, KeyCode::Enter);
    answer(&mut a, &d, sent);
    let no = a.desk.timeline.case_no().unwrap().to_string();
    let detail = hollow(d.store.case_detail(&no).unwrap());
    feed(&mut a, Response::Case(Box::new(detail)));
    key(&mut a, KeyCode::Char('4'));
    for code in [
        KeyCode::Down,
        KeyCode::PageDown,
        KeyCode::End,
        KeyCode::Char('t'),
        KeyCode::Up,
        KeyCode::Home,
    ] {
        key(&mut a, code);
        for w in [80, 119, 120, 200] {
            render_at(&a, w, 24);
        }
    }

    // A person with a thousand cases and contacts, under a 50-character name.
    key(&mut a, KeyCode::Char('2'));
    type_text(&mut a, "wf");
    let mut sent = Vec::new();
    let seq = a.desk.lookup.seq;
    let mut rows = d.store.lookup("王芳", 200).unwrap();
    rows[0].card.name = WIDE_NAME.into();
    let row = rows[0].clone();
    rows.extend(std::iter::repeat_n(row, 199));
    feed(
        &mut a,
        Response::Lookup {
            seq,
            target: LookupFor::Pane,
            rows,
        },
    );
    sent.extend(key(&mut a, KeyCode::Enter));
    let id = a.desk.lookup.opening.expect("the person is being opened");
    let mut person: PersonDetail = d.store.person_detail(id).unwrap();
    person.card.name = WIDE_NAME.into();
    person.address = Some(WIDE_NAME.repeat(3));
    let case = person.cases[0].clone();
    let contact = person.contacts[0].clone();
    person.cases = (0..1000)
        .map(|i| {
            let mut c = case.clone();
            c.matter = format!("{i}{WIDE_NAME}");
            c
        })
        .collect();
    person.contacts = vec![contact; 1000];
    feed(&mut a, Response::Person(Box::new(person)));
    for code in [
        KeyCode::End,
        KeyCode::PageDown,
        KeyCode::PageUp,
        KeyCode::Down,
        KeyCode::Home,
    ] {
        key(&mut a, code);
        for w in 80..=200 {
            render_at(&a, w, 24);
        }
    }
}

#[test]
fn a_long_random_walk_over_absurd_data_never_panics() {
    let d = desk_with(|store| {
        let mut long = walk_in(WIDE_NAME, None, 999, &WIDE_NAME.repeat(20));
        long.intake.address = Some(WIDE_NAME.into());
        for _ in 0..3 {
            store.check_in("李娜", &long).unwrap();
        }
    });
    let keys = walk_keys();
    for (lang, seed) in [(Lang::Zh, 1), (Lang::En, 2), (Lang::Zh, 3)] {
        let mut a = loaded(lang, &d);
        let mut rng = Lcg(seed);
        let mut stale = Vec::new();
        for step in 0..1500 {
            let (code, mods) = keys[rng.next() as usize % keys.len()];
            // Quitting is a command, not a panic; the walk goes on regardless.
            let out = press(&mut a, code, mods);
            answer_all(&mut a, &d, out, &mut stale);
            if step % 7 == 0 && !stale.is_empty() {
                let old = stale[rng.next() as usize % stale.len()].clone();
                feed(&mut a, old);
            }
            if step % 5 == 0 {
                a.update(Msg::Paste(WIDE_NAME.into()));
            }
            let w = 80 + (rng.next() % 121) as u16;
            let h = 24 + (rng.next() % 30) as u16;
            render_at(&a, w, h);
        }
    }
}
