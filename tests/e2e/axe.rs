//! The accessibility check: axe-core, vendored and pinned (tests/e2e/vendor/README.md),
//! injected into the page; a violation of impact `serious` or `critical` fails the run.

use crate::browser::Browser;

const AXE: &str = include_str!("vendor/axe.min.js");
const AXE_VERSION: &str = "4.14.1";

/// Violations tolerated for now, as (page name, rule, element): the dashboard page is being
/// rewritten elsewhere, and its chart's scrolling box still needs `tabindex="0"` and a name.
const KNOWN: &[(&str, &str, &str)] = &[];

/// Runs axe-core on the open page `name`; `Err` lists each serious or critical violation with
/// up to three of the elements it found, except those in [`KNOWN`].
pub async fn check(b: &Browser, name: &str, what: &str) -> Result<(), String> {
    let version = b
        .client
        .execute(
            &format!("if (!window.axe) {{ {AXE}\n }} return window.axe.version;"),
            vec![],
        )
        .await
        .map_err(|e| format!("{what}: inject axe-core: {e}"))?;
    if version.as_str() != Some(AXE_VERSION) {
        return Err(format!("{what}: axe-core is {version}, not {AXE_VERSION}"));
    }
    let found = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {resultTypes: ['violations']})
               .then(r => done(r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => [v.impact, v.id, v.help,
                   v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')])))
               .catch(e => done([['failed', 'axe-core', String(e), '']]));",
            vec![],
        )
        .await
        .map_err(|e| format!("{what}: run axe-core: {e}"))?;
    let rows = found
        .as_array()
        .ok_or_else(|| format!("{what}: axe-core answered {found}"))?;
    let violations: Vec<String> = rows
        .iter()
        .filter_map(|v| {
            let f = |i: usize| v.get(i).and_then(|x| x.as_str()).unwrap_or_default();
            let known = KNOWN.contains(&(name, f(1), f(3)));
            (!known).then(|| format!("{} {}: {} at {}", f(0), f(1), f(2), f(3)))
        })
        .collect();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(format!("{what}: accessibility: {}", violations.join("; ")))
    }
}
