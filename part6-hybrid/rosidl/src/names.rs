//! How a message's names are spelled in each output: one place, so the C
//! library, the extension and the Python classes always agree.

use crate::ir::{Base, Message, Primitive};

/// `DemoStatus` -> `demo_status` (file and module names).
pub fn snake(name: &str) -> String {
    let mut out = String::new();
    for (index, character) in name.chars().enumerate() {
        if character.is_ascii_uppercase() {
            if index > 0 {
                out.push('_');
            }
            out.push(character.to_ascii_lowercase());
        } else {
            out.push(character);
        }
    }
    out
}

/// The message's name without a package prefix (`demo_msgs/Reading` -> `Reading`).
pub fn local(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// The C struct's name: `demo_msgs__msg__DemoStatus`.
pub fn c_type(package: &str, name: &str) -> String {
    format!("{package}__msg__{}", local(name))
}

/// `demo_msgs/msg/DemoStatus`: how the runtime and the transport name a type.
pub fn type_name(package: &str, name: &str) -> String {
    format!("{package}/msg/{}", local(name))
}

/// The C type of one primitive value.
pub fn c_primitive(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::Bool => "bool",
        Primitive::Byte | Primitive::Char | Primitive::Uint8 => "uint8_t",
        Primitive::Int8 => "int8_t",
        Primitive::Int16 => "int16_t",
        Primitive::Uint16 => "uint16_t",
        Primitive::Int32 => "int32_t",
        Primitive::Uint32 => "uint32_t",
        Primitive::Int64 => "int64_t",
        Primitive::Uint64 => "uint64_t",
        Primitive::Float32 => "float",
        Primitive::Float64 => "double",
    }
}

/// The C type of one element.
pub fn c_element(package: &str, base: &Base) -> String {
    match base {
        Base::Primitive(p) => c_primitive(*p).to_owned(),
        Base::String { .. } => "hybrid_String".to_owned(),
        Base::Message(name) => c_type(package, name),
    }
}

/// The C type of a sequence of `base`.
pub fn c_sequence(package: &str, base: &Base) -> String {
    match base {
        Base::Primitive(p) => format!("hybrid_{}__Sequence", p.name()),
        Base::String { .. } => "hybrid_String__Sequence".to_owned(),
        Base::Message(name) => format!("{}__Sequence", c_type(package, name)),
    }
}

/// The slot a Python message keeps a field's value in (`_node_name`):
/// the class's `__slots__` and the typesupport's lookups both name it so.
pub fn slot(field: &str) -> String {
    format!("_{field}")
}

/// Every slot of `message`, each as a quoted string, in field order.
pub fn quoted_slots(message: &Message) -> Vec<String> {
    message
        .fields
        .iter()
        .map(|f| format!("\"{}\"", slot(&f.name)))
        .collect()
}
