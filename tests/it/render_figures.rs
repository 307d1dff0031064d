//! The statistics screen (考核统计) on ratatui's TestBackend, in both languages at
//! 80×24 and 120×40, over the hand-built year of `figures`.

use crate::common::*;
use crate::figures::record;
use jiedai::domain::figures_by::period_of;
use ratatui::style::{Color, Modifier};

/// Opens the screen with its key and answers its request as the worker does.
fn opened(lang: Lang, store: &Store) -> App {
    let mut a = app(lang);
    let (rows, counts) = queue_snapshot(store).unwrap();
    feed(&mut a, Response::Queue { rows, counts });
    let commands = key(&mut a, KeyCode::Char('S'));
    let mut asked = false;
    for c in commands {
        if let Command::Send(Request::Figures { span }) = c {
            let (from, to) = period_of(span, store.today());
            let report = store.figure_report(from, to, None).unwrap();
            feed(&mut a, Response::Figures(Box::new(report)));
            asked = true;
        }
    }
    assert!(asked, "the key asks the worker for the figures");
    a
}

#[test]
fn the_statistics_screen_in_both_languages_and_sizes() {
    let r = record();
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            let a = opened(lang, &r.store);
            let (text, _) = render(&a, w, h);
            let code = if lang == Lang::Zh { "zh" } else { "en" };
            let name = format!("figures_{code}_{w}x{h}");
            insta::assert_snapshot!(name, text);
            assert_borders_intact(&text, w as usize);
            let (missed, fraction, target) = match lang {
                Lang::Zh => ("✗ 未达标", "6/8", "≥ 98%"),
                Lang::En => ("✗ missed", "6/8", "≥ 98%"),
            };
            for part in [missed, fraction, target] {
                assert!(text.contains(part), "{part} missing:\n{text}");
            }
        }
    }
}

#[test]
fn missed_figures_are_red_and_marked_without_colour() {
    let r = record();
    let mut a = opened(Lang::Zh, &r.store);
    let (text, term) = render(&a, 120, 40);
    let buf = term.backend().buffer();
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("初信初访办结率"))
        .unwrap();
    assert!(line.contains("✗ 未达标"), "{line}");
    let x = (0..buf.area.width)
        .find(|&x| buf[(x, y as u16)].symbol() == "初")
        .unwrap();
    assert_eq!(buf[(x, y as u16)].fg, Color::Red);

    a.theme = Theme { color: false };
    let (text, term) = render(&a, 120, 40);
    let buf = term.backend().buffer();
    assert!(text.contains("✗ 未达标"));
    assert!(buf[(x, y as u16)]
        .modifier
        .contains(Modifier::BOLD | Modifier::UNDERLINED));
    assert_eq!(buf[(x, y as u16)].fg, Color::Reset);
}

#[test]
fn the_screen_switches_period_and_closes() {
    let r = record();
    let mut a = opened(Lang::En, &r.store);
    let commands = key(&mut a, KeyCode::Char('p'));
    assert!(commands.iter().any(|c| matches!(
        c,
        Command::Send(Request::Figures {
            span: jiedai::domain::figures_by::Span::Month
        })
    )));
    let (text, _) = render(&a, 80, 24);
    assert!(text.contains("this month"), "{text}");
    // The hint line names the keys of this screen.
    assert!(text.contains("month/year"), "{text}");
    key(&mut a, KeyCode::Esc);
    let (text, _) = render(&a, 80, 24);
    assert!(!text.contains("Office figures"), "{text}");
}

/// The category chart's counts end at one column, one digit or two: each row
/// reads name, count, bar, whatever the count's width.
#[test]
fn the_category_counts_are_aligned_by_display_width() {
    let r = record();
    let mut a = app(Lang::Zh);
    let commands = key(&mut a, KeyCode::Char('S'));
    for c in commands {
        if let Command::Send(Request::Figures { span }) = c {
            let (from, to) = period_of(span, r.store.today());
            let mut report = r.store.figure_report(from, to, None).unwrap();
            let first = report.by_category[0].clone();
            for (name, n) in [("治安", 12), ("劳动和社会保障", 9)] {
                let mut row = first.clone();
                row.key = Some(name.into());
                row.new_matters = n;
                report.by_category.insert(0, row);
            }
            feed(&mut a, Response::Figures(Box::new(report)));
        }
    }
    let (text, _) = render(&a, 80, 24);
    let ends: Vec<usize> = ["治安", "劳动和社", "城乡建设"]
        .iter()
        .map(|name| {
            let line = text.lines().find(|l| l.contains(name)).expect(name);
            let row = &line[line.find(name).unwrap()..];
            let digits_end = row.find('█').unwrap_or(row.len());
            UnicodeWidthStr::width(row[..digits_end].trim_end())
        })
        .collect();
    assert!(ends.windows(2).all(|w| w[0] == w[1]), "{ends:?}\n{text}");
}
