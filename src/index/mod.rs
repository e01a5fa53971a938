//! In-memory facet index, filters and fuzzy search. No UI code.
