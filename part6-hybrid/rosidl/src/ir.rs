//! What a `.msg` file says, as data: the typed description every output is
//! generated from. Nothing here knows C or Python.

use std::fmt;

/// A primitive type of the interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primitive {
    /// `bool`: one byte, 0 or 1.
    Bool,
    /// One raw byte (Python: `bytes` of length 1).
    Byte,
    /// One character, code 0 to 255 (Python: `str` of length 1).
    Char,
    /// `int8`.
    Int8,
    /// `uint8`.
    Uint8,
    /// `int16`.
    Int16,
    /// `uint16`.
    Uint16,
    /// `int32`.
    Int32,
    /// `uint32`.
    Uint32,
    /// `int64`.
    Int64,
    /// `uint64`.
    Uint64,
    /// `float32`: C's `float`.
    Float32,
    /// `float64`: C's `double`.
    Float64,
}

impl Primitive {
    /// Every primitive with its name in `.msg` files.
    pub const ALL: [(Primitive, &'static str); 13] = [
        (Self::Bool, "bool"),
        (Self::Byte, "byte"),
        (Self::Char, "char"),
        (Self::Int8, "int8"),
        (Self::Uint8, "uint8"),
        (Self::Int16, "int16"),
        (Self::Uint16, "uint16"),
        (Self::Int32, "int32"),
        (Self::Uint32, "uint32"),
        (Self::Int64, "int64"),
        (Self::Uint64, "uint64"),
        (Self::Float32, "float32"),
        (Self::Float64, "float64"),
    ];

    /// Its name in `.msg` files.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(p, _)| *p == self)
            .map(|(_, n)| *n)
            .unwrap_or("?")
    }

    /// Size in bytes, in memory and on the wire.
    pub fn size(self) -> usize {
        match self {
            Self::Bool | Self::Byte | Self::Char | Self::Int8 | Self::Uint8 => 1,
            Self::Int16 | Self::Uint16 => 2,
            Self::Int32 | Self::Uint32 | Self::Float32 => 4,
            Self::Int64 | Self::Uint64 | Self::Float64 => 8,
        }
    }

    /// The range of an integer type (`byte` and `char` are 0 to 255).
    pub fn range(self) -> Option<(i128, i128)> {
        let bits = 8 * self.size() as u32;
        match self {
            Self::Int8 | Self::Int16 | Self::Int32 | Self::Int64 => {
                Some((-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1))
            }
            Self::Byte | Self::Char | Self::Uint8 | Self::Uint16 | Self::Uint32 | Self::Uint64 => {
                Some((0, (1i128 << bits) - 1))
            }
            Self::Bool | Self::Float32 | Self::Float64 => None,
        }
    }

    /// `float32` or `float64`.
    pub fn is_float(self) -> bool {
        matches!(self, Self::Float32 | Self::Float64)
    }
}

/// What one element of a field is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// A number, a bool, a byte or a char.
    Primitive(Primitive),
    /// UTF-8 text, at most `bound` bytes if bounded.
    String {
        /// At most this many bytes of UTF-8 (None: any).
        bound: Option<usize>,
    },
    /// Another message of the same package, by name.
    Message(String),
}

/// How many elements a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One value.
    Single,
    /// `T[N]`: exactly N.
    Array(usize),
    /// `T[]` (no bound) or `T[<=N]`.
    Sequence {
        /// At most this many elements (None: any).
        bound: Option<usize>,
    },
}

/// A field's type: its element and its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldType {
    /// What each element is.
    pub base: Base,
    /// How many elements.
    pub shape: Shape,
}

/// A literal value: a default or a constant.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number (i128 holds every integer type's range).
    Int(i128),
    /// A number with a point or an exponent.
    Float(f64),
    /// A quoted string.
    Str(String),
    /// `[a, b]`, for arrays and sequences.
    List(Vec<Value>),
}

/// One field of a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Its name: lower case, as in `node_name`.
    pub name: String,
    /// Its type.
    pub ty: FieldType,
    /// The value a new message holds; None: zero, empty, or the nested default.
    pub default: Option<Value>,
    /// The line its type is written on, for errors found later (`resolve.rs`).
    pub line: usize,
    /// The column of its type.
    pub column: usize,
}

/// A named constant (`uint8 OK=0`): a primitive or a string.
#[derive(Debug, Clone, PartialEq)]
pub struct Constant {
    /// Its name, in capitals.
    pub name: String,
    /// Its type: a primitive or a string.
    pub base: Base,
    /// Its value.
    pub value: Value,
}

/// One `.msg` file.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The package it belongs to (`demo_msgs`).
    pub package: String,
    /// Its name, from its file's (`DemoStatus`).
    pub name: String,
    /// The comment lines at the top, for the generated documentation.
    pub doc: Vec<String>,
    /// Its constants, in file order.
    pub constants: Vec<Constant>,
    /// Its fields, in file order (the order of the C struct and the wire).
    pub fields: Vec<Field>,
}

/// Where a problem is: file, line and column, all 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file's path, as given.
    pub file: String,
    /// 1-based; 0 when the whole file is meant.
    pub line: usize,
    /// 1-based.
    pub column: usize,
}

/// A problem in the input, with where it is and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Where.
    pub at: Location,
    /// What was wrong, and what was expected.
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.at.file, self.at.line, self.at.column, self.message
        )
    }
}

impl std::error::Error for Error {}
