//! The dashboard's charts, as geometry for server-rendered SVG: stacked progress bars per
//! level and a timeline of how fast the letter reached each level (share reached by day).

use super::format;
use crate::services::distribution::show::Counts;
use chrono::NaiveDate;
use std::collections::BTreeMap;

pub const WIDTH: i64 = 1000;
const CHART_W: i64 = 860;
const CHART_H: i64 = 220;
const LEFT: i64 = 60;
const TOP: i64 = 10;

pub struct Segment {
    pub x: i64,
    pub width: i64,
    pub class: &'static str,
}

/// A stacked bar: acknowledged, received, not related, pending, in `WIDTH` units.
pub fn bar(c: &Counts) -> Vec<Segment> {
    let total = c.total.max(1);
    let mut x = 0;
    let mut out = Vec::new();
    for (n, class) in [
        (c.acknowledged, "seg-ack"),
        (c.received, "seg-rec"),
        (c.not_related, "seg-nr"),
        (c.pending, "seg-pend"),
    ] {
        let width = n * WIDTH / total;
        if width > 0 {
            out.push(Segment { x, width, class });
        }
        x += width;
    }
    out
}

pub struct Series {
    pub label: &'static str,
    pub class: String,
    pub points: String,
    pub reached: String,
    pub legend_y: i64,
}

pub struct Timeline {
    pub series: Vec<Series>,
    pub start: String,
    pub end: String,
    pub days: String,
    pub left: i64,
    pub right: i64,
    pub top: i64,
    pub bottom: i64,
    pub mid_y: i64,
}

/// The share of each level's hops reached by each day; `by_kind` gives per recipient kind the
/// number of hops and the day each reached one left `pending`.
pub fn timeline(
    by_kind: BTreeMap<String, (i64, Vec<NaiveDate>)>,
    start: NaiveDate,
    today: NaiveDate,
) -> Timeline {
    let last = by_kind
        .values()
        .flat_map(|(_, d)| d.iter().copied())
        .max()
        .unwrap_or(today)
        .max(start);
    let span = (last - start).num_days().max(1);
    let x = |d: NaiveDate| LEFT + (d - start).num_days().clamp(0, span) * CHART_W / span;
    let y = |share: i64| TOP + CHART_H - share * CHART_H / 1000;
    let mut series = Vec::new();
    for (i, (kind, (total, mut days))) in (0i64..).zip(by_kind) {
        days.sort_unstable();
        let mut points = vec![format!("{},{}", x(start), y(0))];
        let mut done = 0i64;
        let mut seen = 0usize;
        while let Some(&d) = days.get(seen) {
            while days.get(seen) == Some(&d) {
                seen += 1;
            }
            let share = i64::try_from(seen).unwrap_or(i64::MAX) * 1000 / total.max(1);
            points.push(format!("{},{}", x(d), y(done)));
            points.push(format!("{},{}", x(d), y(share)));
            done = share;
        }
        points.push(format!("{},{}", x(last), y(done)));
        series.push(Series {
            label: format::level(&kind),
            class: format!("line-{}", i % 5),
            points: points.join(" "),
            reached: format!("{}/{}", format::thai(days.len()), format::thai(total)),
            legend_y: TOP + 14 + i * 18,
        });
    }
    Timeline {
        series,
        start: format::date(start),
        end: format::date(last),
        days: format::thai(span),
        left: LEFT,
        right: LEFT + CHART_W,
        top: TOP,
        bottom: TOP + CHART_H,
        mid_y: y(500),
    }
}
