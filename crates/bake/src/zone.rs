//! Time zones natively: jiff's bundled tz database answers the core's
//! `Zone` questions (the page asks the browser's `Intl` instead).

use jiff::tz::TimeZone;
use jiff::Timestamp;
use sprintlift_core::zone::{Zone, ZoneError};

pub struct NativeZone {
    name: String,
    tz: TimeZone,
}

impl NativeZone {
    pub fn get(name: &str) -> Result<NativeZone, ZoneError> {
        let tz = TimeZone::get(name).map_err(|_| ZoneError::Unknown(name.to_string()))?;
        Ok(NativeZone {
            name: name.to_string(),
            tz,
        })
    }
}

impl Zone for NativeZone {
    fn name(&self) -> &str {
        &self.name
    }

    fn offset_seconds_at(&self, instant: Timestamp) -> i32 {
        self.tz.to_offset(instant).seconds()
    }
}
