//! How long each template took: `portico build --timings`, like Hugo's `--templateMetrics`, so a theme
//! author sees which template is slow.
//!
//! Every render is timed (two clock reads per page, far below a page's render time) and the durations
//! are summed per template after the parallel render, so nothing is shared between threads. A page's
//! time is charged to the template it renders with, and includes the templates that one extends,
//! includes and imports: neither engine reports time per included file.

use std::collections::BTreeMap;
use std::time::Duration;

/// The renders of one template.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TemplateTiming {
    pub count: usize,
    /// Summed over all renders (and so over all threads).
    pub total: Duration,
    pub max: Duration,
}

impl TemplateTiming {
    pub fn average(&self) -> Duration {
        match u32::try_from(self.count) {
            Ok(count) if count > 0 => self.total / count,
            _ => Duration::ZERO,
        }
    }
}

/// Render times per template name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateTimings {
    templates: BTreeMap<String, TemplateTiming>,
}

impl TemplateTimings {
    pub fn record(&mut self, template: &str, took: Duration) {
        let timing = match self.templates.get_mut(template) {
            Some(timing) => timing,
            None => self.templates.entry(template.to_owned()).or_default(),
        };
        timing.count += 1;
        timing.total += took;
        timing.max = timing.max.max(took);
    }

    /// The templates, the slowest in total first.
    pub fn slowest_first(&self) -> Vec<(&str, TemplateTiming)> {
        let mut rows: Vec<(&str, TemplateTiming)> = self
            .templates
            .iter()
            .map(|(name, timing)| (name.as_str(), *timing))
            .collect();
        rows.sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.cmp(b.0)));
        rows
    }

    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_and_orders_by_total() {
        let mut timings = TemplateTimings::default();
        timings.record("page.html", Duration::from_millis(2));
        timings.record("page.html", Duration::from_millis(4));
        timings.record("section.html", Duration::from_millis(5));
        let rows = timings.slowest_first();
        assert_eq!(rows[0].0, "page.html");
        assert_eq!(rows[0].1.count, 2);
        assert_eq!(rows[0].1.total, Duration::from_millis(6));
        assert_eq!(rows[0].1.max, Duration::from_millis(4));
        assert_eq!(rows[0].1.average(), Duration::from_millis(3));
        assert_eq!(rows[1].0, "section.html");
    }
}
