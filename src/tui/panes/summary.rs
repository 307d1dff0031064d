//! The handover summary as screen lines: section titles bold, the channel table
//! aligned by display width, deadlines past due in red, long entries wrapped under
//! their bullet. The words come from `words::handover`, shared with the report.

use super::{clip_line, DrawCx};
use crate::store::HandoverSummary;
use crate::text::{display_width, pad_to_width};
use crate::words::handover::{
    channel_header, channel_rows, none_label, sections, totals_line, Item, SectionKind,
};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

/// The summary's sections as screen lines: titles bold, the channel table aligned
/// by display width, overdue clocks red, long entries wrapped under their bullet.
pub fn body_lines(s: &HandoverSummary, cx: &DrawCx<'_>, width: usize) -> Vec<Line<'static>> {
    let t = &cx.theme;
    let mut out: Vec<Line<'static>> = Vec::new();
    for section in sections(s, cx.lang) {
        // The notes have their own box under the summary.
        if section.kind == SectionKind::Notes {
            continue;
        }
        if !out.is_empty() {
            out.push(Line::from(""));
        }
        out.push(clip_line(
            vec![Span::styled(section.title.clone(), t.header())],
            width,
        ));
        if section.kind == SectionKind::Contacts {
            // Wrapped, not cut: waiting and left-unseen counts follow the received ones.
            out.extend(hanging("  ", &totals_line(s, cx.lang), Style::new(), width));
            if !s.is_empty() {
                out.extend(channel_table(s, cx, width));
            }
            continue;
        }
        if section.items.is_empty() {
            out.push(clip_line(
                vec![Span::styled(format!("  {}", none_label(cx.lang)), t.dim())],
                width,
            ));
            continue;
        }
        let grouped = section.items.iter().any(|i| matches!(i, Item::Heading(_)));
        let bullet = if grouped { "    · " } else { "  · " };
        let mut entry = 0;
        for item in &section.items {
            match item {
                Item::Heading(h) => out.push(clip_line(
                    vec![Span::styled(format!("  {h}"), t.label())],
                    width,
                )),
                Item::More { text, skipped } => {
                    entry += skipped;
                    out.push(clip_line(
                        vec![Span::styled(format!("{bullet}{text}"), t.dim())],
                        width,
                    ));
                }
                Item::Entry(e) => {
                    let style = entry_style(s, section.kind, entry, cx);
                    entry += 1;
                    out.extend(hanging(bullet, e, style, width));
                }
            }
        }
    }
    out
}

/// Deadlines and letters past due are red, due today yellow; the entries follow the
/// summary's lists in order.
fn entry_style(s: &HandoverSummary, kind: SectionKind, i: usize, cx: &DrawCx<'_>) -> Style {
    let days_left = match kind {
        SectionKind::ClocksDue => s.clocks_due.get(i).map(|c| c.days_left),
        SectionKind::UnroutedLetters => s.unrouted_letters.get(i).and_then(|l| l.days_left),
        SectionKind::SupervisionDue => s.leaders.supervision_due.get(i).map(|d| d.days_left),
        SectionKind::AssignmentsDue => s.leaders.assignments_due.get(i).map(|d| d.days_left),
        SectionKind::FollowUps => {
            let today = crate::time::parse_instant(&s.until).map(|t| t.date_naive());
            s.follow_ups.get(i).zip(today).map(|(f, t)| f.days_left(t))
        }
        // A 老户 whose leader was not told yet stands out like a late case.
        SectionKind::Baoan => s
            .leaders
            .baoan_came
            .get(i)
            .map(|c| if c.told { 1 } else { -1 }),
        _ => None,
    };
    match days_left {
        Some(d) if d < 0 => cx.theme.bad(),
        Some(0) => cx.theme.warn(),
        _ => Style::new(),
    }
}

/// Contacts by channel, columns aligned by display width (labels are Chinese or
/// English, figures right-aligned); the total row bold.
fn channel_table(s: &HandoverSummary, cx: &DrawCx<'_>, width: usize) -> Vec<Line<'static>> {
    let header = channel_header(cx.lang);
    let rows = channel_rows(s, cx.lang);
    let col = |i: usize| {
        rows.iter()
            .map(|r| display_width(&r[i]))
            .chain([display_width(header[i])])
            .max()
            .unwrap_or(0)
    };
    let widths = [col(0), col(1), col(2)];
    let row = |cells: [&str; 3]| {
        format!(
            "    {}  {}  {}",
            pad_to_width(cells[0], widths[0]),
            right(cells[1], widths[1]),
            right(cells[2], widths[2])
        )
    };
    let mut out = vec![clip_line(
        vec![Span::styled(row(header), cx.theme.label())],
        width,
    )];
    let last = rows.len().saturating_sub(1);
    for (i, r) in rows.iter().enumerate() {
        let text = row([&r[0], &r[1], &r[2]]);
        let style = if i == last {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        out.push(clip_line(vec![Span::styled(text, style)], width));
    }
    out
}

fn right(s: &str, width: usize) -> String {
    let pad = width.saturating_sub(display_width(s));
    format!("{}{s}", " ".repeat(pad))
}

/// An entry wrapped to `width`, its continuation lines indented under the text.
pub fn hanging(bullet: &str, text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    let indent = display_width(bullet);
    let room = width.saturating_sub(indent).max(1);
    wrap(text, room)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let lead = if i == 0 {
                bullet.to_string()
            } else {
                " ".repeat(indent)
            };
            clip_line(vec![Span::raw(lead), Span::styled(l, style)], width)
        })
        .collect()
}

/// Part of a word that must not be split: narrow and not a space (Latin letters,
/// digits, and the dashes and colons of a date or a time).
fn word_char(c: char) -> bool {
    !c.is_whitespace() && unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) < 2
}

/// Punctuation that must not start a line, and brackets that must not end one
/// (the common rules of Chinese typesetting, which also suit English).
const NO_LINE_START: &str = "，。、；：？！）」』》〉】,.;:?!)]}…%";
const NO_LINE_END: &str = "（「『《〈【([{“‘";

/// Moves up to three characters from the end of `line` to the next one (`carry`,
/// then `next`) so that neither breaks a rule of [`NO_LINE_START`] or
/// [`NO_LINE_END`]; a line is never emptied for it.
fn keep_punctuation_attached(line: &mut String, carry: &mut String, next: &str) {
    for _ in 0..3 {
        let starts_bad = carry
            .chars()
            .chain(next.chars())
            .next()
            .is_some_and(|c| NO_LINE_START.contains(c));
        let ends_bad = line.ends_with(|c| NO_LINE_END.contains(c));
        if !starts_bad && !ends_bad {
            return;
        }
        let Some((i, last)) = line.grapheme_indices(true).next_back() else {
            return;
        };
        if line[..i].trim().is_empty() {
            return;
        }
        *carry = format!("{last}{carry}");
        line.truncate(i);
    }
}

/// Breaks text into lines of at most `width` display columns. Chinese breaks
/// anywhere; a Latin word, a number or a date is carried whole to the next line
/// when something precedes it on the line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = display_width(g);
        if used + w > width && !line.is_empty() {
            let mut carry = String::new();
            if g.chars().all(word_char) && line.ends_with(word_char) {
                let start = line
                    .char_indices()
                    .rev()
                    .take_while(|&(_, c)| word_char(c))
                    .last()
                    .map_or(0, |(i, _)| i);
                if !line[..start].trim().is_empty() {
                    carry = line[start..].to_string();
                    line.truncate(start);
                }
            }
            keep_punctuation_attached(&mut line, &mut carry, g);
            lines.push(line.trim_end().to_string());
            used = display_width(&carry);
            line = carry;
            if g.trim().is_empty() && line.is_empty() {
                continue;
            }
        }
        line.push_str(g);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_and_breaks_han_anywhere() {
        assert_eq!(wrap("abc def ghi", 7), vec!["abc def", "ghi"]);
        assert_eq!(wrap("abc defgh", 6), vec!["abc", "defgh"]);
        let han = wrap("张伟李娜王芳赵六", 5);
        assert_eq!(han, vec!["张伟", "李娜", "王芳", "赵六"]);
        assert!(han.iter().all(|l| display_width(l) <= 5));
        assert_eq!(wrap("", 10), vec![String::new()]);
        // A date stays whole, after Chinese as after a space.
        assert_eq!(
            wrap("（登记）：2026-11-21 到期", 16),
            vec!["（登记）：", "2026-11-21 到期"]
        );
        assert_eq!(
            wrap("at 2026-11-28 08:31", 12),
            vec!["at", "2026-11-28", "08:31"]
        );
        // Closing punctuation never starts a line; an opening bracket never ends one.
        assert_eq!(wrap("甲乙丙丁：戊", 8), vec!["甲乙丙", "丁：戊"]);
        assert_eq!(wrap("甲乙（丙）：戊", 8), vec!["甲乙", "（丙）：", "戊"]);
        assert_eq!(wrap("甲乙丙（丁）", 8), vec!["甲乙丙", "（丁）"]);
        // A word longer than the line is cut, not carried for ever.
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
    }
}
