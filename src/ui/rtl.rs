//! Right-to-left layout for terminals. (Stub.)
