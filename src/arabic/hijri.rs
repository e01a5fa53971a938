//! Hijri (tabular Islamic calendar) to Gregorian conversion. (Stub.)
