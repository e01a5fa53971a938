//! Tokens and clitics. (Stub.)
