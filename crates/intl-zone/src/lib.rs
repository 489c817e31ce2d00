//! Time zones from the browser's `Intl`, so no tz database ships in the wasm.

use js_sys::{Array, Function, Object, Reflect};
use sprintlift_core::zone::{Zone, ZoneError};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};

/// A zone resolved by `Intl.DateTimeFormat`.
pub struct IntlZone {
    name: String,
    format: js_sys::Intl::DateTimeFormat,
    /// Offsets already asked for, by epoch second: planning a view asks for
    /// the same instants again (a day's end is the next day's start), and
    /// each answer from `Intl` costs a round of calls into JavaScript.
    known: RefCell<HashMap<i64, i32>>,
    /// The first instant whose offset `Intl` could not give: the load says
    /// so instead of placing windows by a made-up offset.
    failed_at: Cell<Option<i64>>,
}

impl IntlZone {
    /// Resolves an IANA name, or says the browser does not know it.
    pub fn resolve(name: &str) -> Result<IntlZone, ZoneError> {
        let unknown = || ZoneError::Unknown(name.to_string());
        let options = Object::new();
        let set = |key: &str, value: &str| Reflect::set(&options, &key.into(), &value.into());
        let ok = [
            set("timeZone", name),
            set("hourCycle", "h23"),
            set("year", "numeric"),
            set("month", "numeric"),
            set("day", "numeric"),
            set("hour", "numeric"),
            set("minute", "numeric"),
            set("second", "numeric"),
        ]
        .iter()
        .all(Result::is_ok);
        if !ok {
            return Err(unknown());
        }
        // `new Intl.DateTimeFormat` throws a RangeError for an unknown zone;
        // Reflect.construct turns the throw into an Err instead of a panic.
        let constructor = date_time_format_constructor().ok_or_else(unknown)?;
        let args = Array::of2(&JsValue::from_str("en-US"), &options);
        let format = Reflect::construct(&constructor, &args)
            .map_err(|_| unknown())?
            .unchecked_into::<js_sys::Intl::DateTimeFormat>();
        let zone = IntlZone {
            name: name.to_string(),
            format,
            known: RefCell::new(HashMap::new()),
            failed_at: Cell::new(None),
        };
        // Probe once, so a zone that cannot be read fails here, loudly,
        // rather than later as a wrong offset.
        zone.try_offset_seconds_at(0).ok_or_else(unknown)?;
        Ok(zone)
    }

    fn try_offset_seconds_at(&self, epoch_seconds: i64) -> Option<i32> {
        if let Some(&offset) = self.known.borrow().get(&epoch_seconds) {
            return Some(offset);
        }
        let date = js_sys::Date::new(&JsValue::from_f64(epoch_seconds as f64 * 1000.0));
        let fields = self
            .fields_from_text(&date)
            .or_else(|| self.fields_from_parts(&date))?;
        let [year, month, day, hour, minute, second] = fields;
        let local = jiff::civil::DateTime::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
            i8::try_from(hour).ok()?,
            i8::try_from(minute).ok()?,
            i8::try_from(second).ok()?,
            0,
        )
        .ok()?;
        let wall = jiff::tz::Offset::UTC.to_timestamp(local).ok()?.as_second();
        let offset = i32::try_from(wall - epoch_seconds).ok()?;
        self.known.borrow_mut().insert(epoch_seconds, offset);
        Some(offset)
    }

    /// Year, month, day, hour, minute and second of `date` in the zone, from
    /// the formatter's one string ("5/19/2025, 00:00:00" in en-US): one call
    /// into JavaScript. `None` if the string is not six numbers.
    fn fields_from_text(&self, date: &js_sys::Date) -> Option<[i64; 6]> {
        let text = self
            .format
            .format()
            .call1(&JsValue::UNDEFINED, date)
            .ok()?
            .as_string()?;
        let mut numbers = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(str::parse::<i64>);
        let mut next = || numbers.next()?.ok();
        let (month, day, year) = (next()?, next()?, next()?);
        let (hour, minute, second) = (next()?, next()?, next()?);
        if numbers.next().is_some() {
            return None;
        }
        Some([year, month, day, hour, minute, second])
    }

    /// The same fields from `formatToParts`, by name: slower (a call per
    /// part and field), for a formatter whose string is not as expected.
    fn fields_from_parts(&self, date: &js_sys::Date) -> Option<[i64; 6]> {
        let parts = self.format.format_to_parts(date);
        let mut fields = [0_i64; 6];
        for part in parts.iter() {
            let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
            let index = ["year", "month", "day", "hour", "minute", "second"]
                .iter()
                .position(|k| *k == kind);
            if let Some(index) = index {
                let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
                fields[index] = value.parse().ok()?;
            }
        }
        Some(fields)
    }
}

impl Zone for IntlZone {
    fn name(&self) -> &str {
        &self.name
    }

    fn offset_seconds_at(&self, instant: jiff::Timestamp) -> i32 {
        // `resolve` proved this formatter answers, so this is not expected
        // to fail; if it does, the zone remembers it (see `failure`) and
        // the caller must not use what was computed with this offset.
        let second = instant.as_second();
        self.try_offset_seconds_at(second).unwrap_or_else(|| {
            if self.failed_at.get().is_none() {
                self.failed_at.set(Some(second));
            }
            0
        })
    }
}

impl IntlZone {
    /// Why offsets asked of this zone so far cannot be trusted, if they
    /// cannot: `Intl` failed to give one of them.
    pub fn failure(&self) -> Option<OffsetUnreadable> {
        let second = self.failed_at.get()?;
        let instant = jiff::Timestamp::from_second(second).unwrap_or_default();
        Some(OffsetUnreadable {
            zone: self.name.clone(),
            instant: sprintlift_core::civil_text::minute_text(instant, jiff::tz::Offset::UTC),
        })
    }
}

/// A zone that was resolved but later could not give an offset: what was
/// planned with it is not shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("This browser could not tell the offset of {zone} at {instant} UTC, so the sprint's hours cannot be placed: reload the page, or try another browser.")]
pub struct OffsetUnreadable {
    zone: String,
    instant: String,
}

/// The browser's own time zone, the default for a view that names none.
pub fn browser_zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&Array::new(), &Object::new());
    Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "UTC".to_string())
}

/// Every zone name the browser offers, for the form's suggestions.
pub fn supported_zones() -> Vec<String> {
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok();
    let supported = intl
        .as_ref()
        .and_then(|i| Reflect::get(i, &"supportedValuesOf".into()).ok())
        .and_then(|f| f.dyn_into::<Function>().ok());
    match (intl, supported) {
        (Some(intl), Some(f)) => f
            .call1(&intl, &"timeZone".into())
            .ok()
            .map(|list| {
                Array::from(&list)
                    .iter()
                    .filter_map(|v| v.as_string())
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn date_time_format_constructor() -> Option<Function> {
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()
}
