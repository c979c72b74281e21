//! A package's messages checked together: every nested type exists in the
//! package, no message contains itself (directly or through others), and
//! each gets its type hash. The result lists the messages in dependency
//! order (a nested type before the messages that hold it), the order C
//! needs its struct definitions in.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::ir::{Base, Error, Location, Message, Value};

/// A checked package.
#[derive(Debug, Clone)]
pub struct Package {
    /// Its name, from its folder's.
    pub name: String,
    /// Nested types first.
    pub messages: Vec<Message>,
    /// Each message's type hash, by name: SHA-256 of its canonical text and
    /// of its nested types', in hex. Two programs agree on a topic only if
    /// they were generated from the same definition.
    pub hashes: BTreeMap<String, String>,
}

/// Checks a package's parsed messages together; `parsed` pairs each with its file, for errors.
pub fn resolve(package: &str, parsed: Vec<(String, Message)>) -> Result<Package, Error> {
    let by_name: BTreeMap<String, (String, Message)> = parsed
        .into_iter()
        .map(|(file, message)| (message.name.clone(), (file, message)))
        .collect();
    // Every nested type names a message of this package.
    for (file, message) in by_name.values() {
        for field in &message.fields {
            if let Base::Message(name) = &field.ty.base {
                let (owner, local) = name.split_once('/').unwrap_or((package, name));
                if owner != package || !by_name.contains_key(local) {
                    return Err(Error {
                        at: Location {
                            file: file.clone(),
                            line: field.line,
                            column: field.column,
                        },
                        message: format!(
                            "unknown message type '{name}': package {package} has {}",
                            names(&by_name)
                        ),
                    });
                }
            }
        }
    }
    // Depth-first, nested types first; a type met again while it is being
    // visited is a cycle.
    let mut order: Vec<String> = Vec::new();
    let mut visiting: Vec<String> = Vec::new();
    for name in by_name.keys() {
        visit(name, &by_name, &mut visiting, &mut order)?;
    }
    let mut hashes = BTreeMap::new();
    for name in &order {
        let hash = hex(&Sha256::digest(
            canonical(name, package, &by_name).as_bytes(),
        ));
        hashes.insert(name.clone(), hash);
    }
    let messages = order.iter().map(|name| by_name[name].1.clone()).collect();
    Ok(Package {
        name: package.to_owned(),
        messages,
        hashes,
    })
}

fn names(by_name: &BTreeMap<String, (String, Message)>) -> String {
    by_name.keys().cloned().collect::<Vec<_>>().join(", ")
}

fn local(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

fn visit(
    name: &str,
    by_name: &BTreeMap<String, (String, Message)>,
    visiting: &mut Vec<String>,
    order: &mut Vec<String>,
) -> Result<(), Error> {
    if order.iter().any(|done| done == name) {
        return Ok(());
    }
    let (file, message) = &by_name[name];
    for field in &message.fields {
        let Base::Message(nested) = &field.ty.base else {
            continue;
        };
        let nested = local(nested);
        if nested == name || visiting.iter().any(|open| open == nested) {
            let mut path: Vec<&str> = visiting
                .iter()
                .map(String::as_str)
                .skip_while(|open| *open != nested)
                .collect();
            path.extend([name, nested]);
            return Err(Error {
                at: Location {
                    file: file.clone(),
                    line: field.line,
                    column: field.column,
                },
                message: format!("a message cannot contain itself: {}", path.join(" -> ")),
            });
        }
        visiting.push(name.to_owned());
        let result = visit(nested, by_name, visiting, order);
        visiting.pop();
        result?;
    }
    order.push(name.to_owned());
    Ok(())
}

/// The text the type hash is taken of: one line per constant and field,
/// then each nested type's own text, so a change anywhere below changes it.
fn canonical(name: &str, package: &str, by_name: &BTreeMap<String, (String, Message)>) -> String {
    let message = &by_name[name].1;
    let mut text = format!("{package}/msg/{name}\n");
    for constant in &message.constants {
        text += &format!(
            "const {} {} = {}\n",
            type_text(&constant.base),
            constant.name,
            value_text(&constant.value)
        );
    }
    for field in &message.fields {
        let default = field.default.as_ref().map(value_text).unwrap_or_default();
        text += &format!(
            "field {} {} {:?} {}\n",
            type_text(&field.ty.base),
            field.name,
            field.ty.shape,
            default
        );
    }
    for field in &message.fields {
        if let Base::Message(nested) = &field.ty.base {
            text += &canonical(local(nested), package, by_name);
        }
    }
    text
}

fn type_text(base: &Base) -> String {
    match base {
        Base::Primitive(p) => p.name().to_owned(),
        Base::String { bound: None } => "string".into(),
        Base::String { bound: Some(n) } => format!("string<={n}"),
        Base::Message(name) => local(name).to_owned(),
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Float(x) => format!("{x:?}"),
        Value::Str(s) => format!("{s:?}"),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(value_text).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
