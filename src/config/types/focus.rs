//! `focus: { x: 0.5, y: 0.3 }` on a photo: the point a crop keeps in view, as fractions of the width and
//! height from the top-left corner.

use serde::Deserialize;

use super::Invalid;
use crate::images::Focus;

/// A focus point as written, checked by [`RawFocus::check`].
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFocus {
    pub x: f64,
    pub y: f64,
}

impl RawFocus {
    /// The focus point, when both fractions are between 0 and 1.
    pub fn check(self) -> Result<Focus, Invalid> {
        let fraction = |v: f64| (0.0..=1.0).contains(&v);
        if fraction(self.x) && fraction(self.y) {
            Ok(Focus {
                x: self.x,
                y: self.y,
            })
        } else {
            Err(Invalid {
                message: format!("the focus point ({}, {}) is outside the photo", self.x, self.y),
                help: "x and y are fractions from 0 to 1: x: 0.5, y: 0.3 is the middle, a little above centre".to_owned(),
            })
        }
    }
}
