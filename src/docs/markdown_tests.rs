//! Unit tests of the Markdown renderer.

use super::*;
