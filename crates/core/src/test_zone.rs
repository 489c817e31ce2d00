//! The native tests' time-zone oracle: jiff with its bundled tz database.

use crate::zone::Zone;
use jiff::tz::TimeZone;
use jiff::Timestamp;

pub struct JiffZone {
    name: String,
    tz: TimeZone,
}

impl JiffZone {
    pub fn new(name: &str) -> JiffZone {
        let tz = TimeZone::get(name).unwrap_or_else(|e| panic!("test zone {name}: {e}"));
        JiffZone {
            name: name.to_string(),
            tz,
        }
    }
}

impl Zone for JiffZone {
    fn name(&self) -> &str {
        &self.name
    }

    fn offset_seconds_at(&self, instant: Timestamp) -> i32 {
        self.tz.to_offset(instant).seconds()
    }
}
