//! The article model, loaders, metadata and boilerplate cleaning. No UI code.
