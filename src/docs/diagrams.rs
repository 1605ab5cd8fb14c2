//! Pictures of the rules, drawn as inline SVG at build time: a page writes
//! ```` ```diagram NAME ```` and gets the diagram in its language.
//!
//! The moves come from `domain` (the functions the code itself runs, asked
//! rather than copied), the labels from Fluent: status names from
//! `terms.ftl`, causes from `site.ftl`. So a rule that changes in the code
//! changes the picture, and a label is translated once.
//!
//! - `subscription-lifecycle`: [`crate::domain::subscriptions::moves`];
//! - `benefit-statuses`: [`crate::domain::benefits::benefit_moves`];
//! - `service-request-statuses`: [`crate::domain::service_requests::moves`],
//!   as a table of allowed moves (every open status may go to every other,
//!   which arrows would only blur).

use std::fmt::Write as _;

use fluent_bundle::FluentValue;

use crate::domain::benefits::{benefit_moves, BenefitEvent, BenefitStatus};
use crate::domain::service_requests::{self, ServiceRequestStatus};
use crate::domain::subscriptions::{self, Cause, SubscriptionStatus, GRACE_PERIOD_DAYS, RENEWAL_OPENS_BEFORE_DAYS};
use crate::i18n::{Lang, Locales};

/// The names a page may use after ```` ```diagram ````.
pub(crate) const NAMES: &[&str] = &["subscription-lifecycle", "benefit-statuses", "service-request-statuses"];

/// The Fluent messages the diagrams need, checked with the site's interface strings.
pub(crate) const MESSAGES: &[&str] = &[
    "diagram-subscription-lifecycle-title",
    "diagram-benefit-statuses-title",
    "diagram-service-request-statuses-title",
    "diagram-no-move",
    "diagram-from",
    "diagram-to",
    "diagram-cause-renewal-window-opens",
    "diagram-cause-renewed-automatically",
    "diagram-cause-term-ended",
    "diagram-cause-grace-ended",
    "diagram-cause-renewed-by-hand",
    "diagram-cause-cancelled",
    "diagram-event-keys-revealed",
    "diagram-event-assigned",
    "diagram-event-support-assigned",
    "diagram-event-activation-ran",
    "diagram-event-unassigned",
    "diagram-event-subscription-ended",
];

/// The diagram `name` in `lang`, as SVG markup, or `None` for an unknown name.
pub(crate) fn render(name: &str, lang: Lang, locales: &Locales) -> Option<String> {
    let t = |id: &str| locales.text(lang, id);
    let term = |prefix: &str, code: &str| t(&format!("{prefix}-{}", code.to_ascii_lowercase().replace('_', "-")));
    match name {
        "subscription-lifecycle" => {
            let days = |id: &str, n: i64| locales.format(lang, id, &[("days", FluentValue::from(n))]);
            let cause = |c: Cause| match c {
                Cause::RenewalWindowOpens => days("diagram-cause-renewal-window-opens", RENEWAL_OPENS_BEFORE_DAYS),
                Cause::RenewedAutomatically => t("diagram-cause-renewed-automatically"),
                Cause::TermEnded => t("diagram-cause-term-ended"),
                Cause::GraceEnded => days("diagram-cause-grace-ended", GRACE_PERIOD_DAYS),
                Cause::RenewedByHand => t("diagram-cause-renewed-by-hand"),
                Cause::Cancelled => t("diagram-cause-cancelled"),
            };
            let states = SubscriptionStatus::ALL;
            let labels: Vec<String> = states.iter().map(|s| term("term-subscription-status", s.as_str())).collect();
            let index = |s: SubscriptionStatus| states.iter().position(|x| *x == s).unwrap_or_default();
            let edges = subscriptions::moves().into_iter().map(|(from, to, c)| (index(from), index(to), cause(c))).collect();
            Some(graph(name, &t("diagram-subscription-lifecycle-title"), &labels, edges))
        }
        "benefit-statuses" => {
            let event = |e: BenefitEvent| match e {
                BenefitEvent::KeysRevealed => t("diagram-event-keys-revealed"),
                BenefitEvent::Assigned => t("diagram-event-assigned"),
                BenefitEvent::SupportAssigned => t("diagram-event-support-assigned"),
                BenefitEvent::ActivationRan => t("diagram-event-activation-ran"),
                BenefitEvent::Unassigned => t("diagram-event-unassigned"),
                BenefitEvent::SubscriptionEnded => t("diagram-event-subscription-ended"),
            };
            let states = BenefitStatus::ALL;
            let labels: Vec<String> = states.iter().map(|s| term("term-benefit-status", s.as_str())).collect();
            let index = |s: BenefitStatus| states.iter().position(|x| *x == s).unwrap_or_default();
            let edges = benefit_moves().into_iter().map(|(from, to, e)| (index(from), index(to), event(e))).collect();
            Some(graph(name, &t("diagram-benefit-statuses-title"), &labels, edges))
        }
        "service-request-statuses" => {
            let states = ServiceRequestStatus::ALL;
            let labels: Vec<String> = states.iter().map(|s| term("term-sr-status", s.as_str())).collect();
            let moves = service_requests::moves();
            let allowed: Vec<Vec<bool>> =
                states.iter().map(|from| states.iter().map(|to| moves.contains(&(*from, *to))).collect()).collect();
            let words = (format!("{} ↓ {} →", t("diagram-from"), t("diagram-to")), t("diagram-no-move"));
            Some(matrix(name, &t("diagram-service-request-statuses-title"), &labels, &allowed, &words))
        }
        _ => None,
    }
}

/// Text for SVG: escaped, on one line.
fn esc(text: &str) -> String {
    maud::html! { (text) }.into_string()
}

const BOX_W: f64 = 150.0;
const BOX_H: f64 = 44.0;
const GAP: f64 = 120.0;
const MARGIN: f64 = 16.0;
const FONT: f64 = 13.0;
const LINE: f64 = FONT + 3.0;
/// Characters per line of a label before it wraps.
const WRAP: usize = 17;

/// `text` in lines of at most [`WRAP`] characters, cut between words.
fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= WRAP => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// States in a row, moves as arrows: to the next state straight, further
/// right as arcs above, back left as arcs below, to itself as a loop above.
/// Moves between the same two states share one arrow and list their causes.
fn graph(name: &str, title: &str, labels: &[String], edges: Vec<(usize, usize, String)>) -> String {
    let mut merged: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for (from, to, label) in edges {
        match merged.iter_mut().find(|(f, t, _)| (*f, *t) == (from, to)) {
            Some((_, _, list)) => list.push(label),
            None => merged.push((from, to, vec![label])),
        }
    }
    // Arcs stack: each arc above (or below) rises past the one before and its
    // label; the shortest spans stay nearest the boxes.
    let span = |(f, t, _): &(usize, usize, Vec<String>)| f.abs_diff(*t);
    merged.sort_by_key(|e| (e.1 < e.0, span(e), e.0));
    let text_lines: Vec<Vec<String>> = merged.iter().map(|(_, _, causes)| causes.iter().flat_map(|c| wrap(c)).collect()).collect();
    let (mut above, mut below) = (0.0f64, 0.0f64);
    let mut lifts = Vec::new();
    for ((from, to, _), lines) in merged.iter().zip(&text_lines) {
        let room = lines.len() as f64 * LINE + 18.0;
        let lift = if to == from || *to > from + 1 {
            above += room;
            above
        } else if to < from {
            below += room;
            below
        } else {
            0.0
        };
        lifts.push(lift);
    }
    // The labels of straight arrows sit in the gap above the line.
    let straight = merged.iter().zip(&text_lines).filter(|((f, t, _), _)| *t == f + 1).map(|(_, l)| l.len()).max().unwrap_or(0);
    let top = MARGIN + above.max(straight as f64 * LINE - BOX_H / 2.0 + 8.0).max(0.0);
    let height = top + BOX_H + below + MARGIN;
    let width = MARGIN * 2.0 + labels.len() as f64 * BOX_W + (labels.len().saturating_sub(1)) as f64 * GAP;
    let x = |i: usize| MARGIN + i as f64 * (BOX_W + GAP);
    let mid = top + BOX_H / 2.0;
    let mut svg = String::new();
    let id = format!("diagram-{name}");
    let _ = write!(
        svg,
        r#"<svg class="diagram" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" xmlns="http://www.w3.org/2000/svg">"#
    );
    let description: Vec<String> =
        merged.iter().map(|(f, t, causes)| format!("{} → {}: {}", labels[*f], labels[*t], causes.join(", "))).collect();
    let _ = write!(svg, r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#, esc(title), esc(&description.join(". ")));
    let _ = write!(
        svg,
        r#"<defs><marker id="{id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>"#
    );
    for (i, label) in labels.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<rect x="{:.1}" y="{top:.1}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="none" stroke="currentColor" stroke-width="1.5"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{}" font-weight="600" fill="currentColor">{}</text>"#,
            x(i),
            x(i) + BOX_W / 2.0,
            mid + 5.0,
            FONT + 1.0,
            esc(label)
        );
    }
    let arrow = format!(r#"fill="none" stroke="currentColor" stroke-width="1.3" marker-end="url(#{id}-arrow)""#);
    for (((from, to, _), lift), lines) in merged.iter().zip(lifts).zip(&text_lines) {
        let (from, to) = (*from, *to);
        // The label's last line sits at (lx, ly); earlier lines go up from there.
        let (path, lx, ly) = if from == to {
            let cx = x(from) + BOX_W / 2.0;
            let peak = top - lift + lines.len() as f64 * LINE;
            (
                format!("M{:.1},{top:.1} C{:.1},{peak:.1} {:.1},{peak:.1} {:.1},{top:.1}", cx - 26.0, cx - 26.0, cx + 26.0, cx + 26.0),
                cx,
                peak - 6.0,
            )
        } else if to == from + 1 {
            let (x1, x2) = (x(from) + BOX_W, x(to));
            (format!("M{x1:.1},{mid:.1} L{x2:.1},{mid:.1}"), (x1 + x2) / 2.0, mid - 7.0)
        } else if to > from {
            let (x1, x2) = (x(from) + BOX_W * 0.75, x(to) + BOX_W * 0.25);
            let peak = top - lift + lines.len() as f64 * LINE;
            // A cubic's apex is at 3/4 of its control points' height.
            let control = top - (top - peak) * 4.0 / 3.0;
            (format!("M{x1:.1},{top:.1} C{x1:.1},{control:.1} {x2:.1},{control:.1} {x2:.1},{top:.1}"), (x1 + x2) / 2.0, peak - 5.0)
        } else {
            let bottom = top + BOX_H;
            let (x1, x2) = (x(from) + BOX_W * 0.25, x(to) + BOX_W * 0.75);
            let peak = bottom + lift - lines.len() as f64 * LINE;
            let control = bottom + (peak - bottom) * 4.0 / 3.0;
            let path = format!("M{x1:.1},{bottom:.1} C{x1:.1},{control:.1} {x2:.1},{control:.1} {x2:.1},{bottom:.1}");
            (path, (x1 + x2) / 2.0, peak + lines.len() as f64 * LINE)
        };
        let _ = write!(svg, r#"<path d="{path}" {arrow}/>"#);
        let count = lines.len() as f64;
        for (n, line) in lines.iter().enumerate() {
            let y = ly - (count - 1.0 - n as f64) * LINE;
            let _ = write!(
                svg,
                r#"<text x="{lx:.1}" y="{y:.1}" text-anchor="middle" font-size="{FONT}" fill="currentColor" paint-order="stroke" stroke="Canvas" stroke-width="4">{}</text>"#,
                esc(line)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A table of allowed moves: one row per "from" status, one column per "to".
/// `words`: the corner's "from" and what a status that can't move says.
fn matrix(name: &str, title: &str, labels: &[String], allowed: &[Vec<bool>], words: &(String, String)) -> String {
    let (from_word, no) = words;
    let (head_w, cell_w, cell_h) = (170.0, 140.0, 34.0);
    let width = MARGIN * 2.0 + head_w + cell_w * labels.len() as f64;
    // Column heads wrap; the head row is as tall as the longest.
    let heads: Vec<Vec<String>> = labels.iter().map(|l| wrap(l)).collect();
    let head_h = heads.iter().map(Vec::len).max().unwrap_or(1) as f64 * LINE + 12.0;
    let height = MARGIN * 2.0 + head_h + cell_h * labels.len() as f64;
    let id = format!("diagram-{name}");
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="diagram" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" xmlns="http://www.w3.org/2000/svg">"#
    );
    let description: Vec<String> = labels
        .iter()
        .zip(allowed)
        .map(|(from, row)| {
            let to: Vec<&str> = labels.iter().zip(row).filter(|(_, ok)| **ok).map(|(l, _)| l.as_str()).collect();
            format!("{from} → {}", if to.is_empty() { no.clone() } else { to.join(", ") })
        })
        .collect();
    let _ = write!(svg, r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#, esc(title), esc(&description.join(". ")));
    let text = |svg: &mut String, x: f64, y: f64, anchor: &str, weight: &str, body: &str| {
        let _ = write!(
            svg,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" font-size="{FONT}" font-weight="{weight}" fill="currentColor">{}</text>"#,
            esc(body)
        );
    };
    text(&mut svg, MARGIN, MARGIN + head_h - 12.0, "start", "400", from_word);
    for (j, lines) in heads.iter().enumerate() {
        let count = lines.len() as f64;
        for (n, line) in lines.iter().enumerate() {
            let y = MARGIN + head_h - 12.0 - (count - 1.0 - n as f64) * LINE;
            text(&mut svg, MARGIN + head_w + cell_w * (j as f64 + 0.5), y, "middle", "600", line);
        }
    }
    for (i, (label, row)) in labels.iter().zip(allowed).enumerate() {
        let y = MARGIN + head_h + cell_h * i as f64;
        let _ = write!(
            svg,
            r#"<line x1="{MARGIN}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="currentColor" stroke-opacity="0.35"/>"#,
            width - MARGIN
        );
        text(&mut svg, MARGIN, y + cell_h * 0.6, "start", "600", label);
        for (j, ok) in row.iter().enumerate() {
            let mark = if *ok { "✓" } else { "·" };
            text(&mut svg, MARGIN + head_w + cell_w * (j as f64 + 0.5), y + cell_h * 0.6, "middle", "400", mark);
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_diagram_draws_in_both_languages_with_its_states_and_causes() {
        let locales = Locales::embedded();
        for name in NAMES {
            for lang in Lang::ALL {
                let svg = render(name, lang, &locales).unwrap_or_else(|| panic!("{name}"));
                assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
                assert!(svg.contains("<title id=") && svg.contains("<desc id="), "accessible name and description");
            }
        }
        let fr = render("subscription-lifecycle", Lang::Fr, &locales).unwrap();
        assert!(fr.contains("Période de grâce") && fr.contains("30"), "{fr}");
        assert!(render("nope", Lang::En, &locales).is_none());
    }

    #[test]
    fn moves_between_the_same_states_share_an_arrow() {
        let svg = graph("t", "T", &["A".into(), "B".into()], vec![(0, 1, "x".into()), (0, 1, "y".into()), (1, 0, "z".into())]);
        assert_eq!(svg.matches("<path d=").count(), 3, "two arrows and the marker: {svg}");
        assert!(svg.contains("A → B: x, y"), "{svg}");
    }
}
