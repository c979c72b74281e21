//! The ways a run-time foreign call can be refused before it happens.

use std::fmt;

use crate::signature::CType;

/// Everything checked at run time that a C compiler would have checked for us.
#[derive(Debug, Clone, PartialEq)]
pub enum FfiError {
    /// `dlopen` failed (missing file, wrong architecture, missing dependency).
    Load(String),
    /// `dlsym` found no such symbol.
    MissingSymbol(String),
    /// The call passed the wrong number of arguments.
    ArgumentCount {
        /// How many the signature declares.
        expected: usize,
        /// How many the call passed.
        got: usize,
    },
    /// An argument's value does not have the declared C type.
    ArgumentType {
        /// Zero-based position of the argument.
        index: usize,
        /// The declared type.
        expected: CType,
        /// The type of the value passed.
        got: CType,
    },
}

impl fmt::Display for FfiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Load(why) => write!(f, "cannot load library: {why}"),
            Self::MissingSymbol(name) => write!(f, "no symbol named {name:?}"),
            Self::ArgumentCount { expected, got } => {
                write!(f, "expected {expected} arguments, got {got}")
            }
            Self::ArgumentType {
                index,
                expected,
                got,
            } => {
                write!(f, "argument {index}: expected {expected:?}, got {got:?}")
            }
        }
    }
}

impl std::error::Error for FfiError {}
