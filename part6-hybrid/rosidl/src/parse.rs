//! One `.msg` file into a [`Message`]: a line at a time, each line a field
//! (`TYPE name [default]`), a constant (`TYPE NAME=value`), a comment or
//! nothing. Every refusal names the file, the line, the column and what was
//! expected there. Whether a nested type exists is for `resolve.rs`, which
//! sees the whole package.

use crate::ir::{
    Base, Constant, Error, Field, FieldType, Location, Message, Primitive, Shape, Value,
};

/// Parses the text of `package/msg/Name.msg`.
pub fn parse(file: &str, package: &str, name: &str, text: &str) -> Result<Message, Error> {
    check_type_name(name).map_err(|message| Error {
        at: Location {
            file: file.to_owned(),
            line: 1,
            column: 1,
        },
        message: format!("the file name must be a message name: {message}"),
    })?;
    let mut message = Message {
        package: package.to_owned(),
        name: name.to_owned(),
        doc: Vec::new(),
        constants: Vec::new(),
        fields: Vec::new(),
    };
    let mut in_doc = true;
    for (index, raw) in text.lines().enumerate() {
        let line = Line {
            file,
            number: index + 1,
            text: raw,
        };
        let code = line.without_comment();
        if code.trim().is_empty() {
            if in_doc && raw.trim_start().starts_with('#') {
                message.doc.push(raw.trim_start()[1..].trim().to_owned());
            } else {
                in_doc = in_doc && message.doc.is_empty();
            }
            continue;
        }
        in_doc = false;
        line.parse_into(code, &mut message)?;
    }
    Ok(message)
}

/// One line of the file, for positions in errors.
struct Line<'a> {
    file: &'a str,
    number: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    fn error(&self, at: &str, message: String) -> Error {
        // `at` is a slice of `self.text`: its column is its offset + 1.
        let column = (at.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize) + 1;
        Error {
            at: Location {
                file: self.file.to_owned(),
                line: self.number,
                column,
            },
            message,
        }
    }

    /// The line up to a `#` that is not inside a quoted string.
    fn without_comment(&self) -> &'a str {
        let mut quote = None;
        for (index, character) in self.text.char_indices() {
            match (quote, character) {
                (None, '#') => return &self.text[..index],
                (None, '"' | '\'') => quote = Some(character),
                (Some(open), c) if c == open => quote = None,
                _ => {}
            }
        }
        self.text
    }

    fn parse_into(&self, code: &'a str, message: &mut Message) -> Result<(), Error> {
        let (type_text, rest) = split_word(code);
        let ty = self.field_type(type_text)?;
        let rest_trimmed = rest.trim_start();
        if rest_trimmed.is_empty() {
            return Err(self.error(rest, "expected a field name after the type".into()));
        }
        // `NAME=value` is a constant; `name [default]` a field.
        if let Some(equals) = rest_trimmed.find('=')
            && rest_trimmed[..equals]
                .trim()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            let name = rest_trimmed[..equals].trim();
            let value_text = &rest_trimmed[equals + 1..];
            return self.constant(ty, name, value_text, message);
        }
        let (name, default_text) = split_word(rest_trimmed);
        check_field_name(name).map_err(|m| self.error(name, m))?;
        if message.fields.iter().any(|field| field.name == name) {
            return Err(self.error(name, format!("duplicate field '{name}'")));
        }
        let default_text = default_text.trim();
        let default = if default_text.is_empty() {
            None
        } else {
            let value = self.value(default_text)?;
            check_value(&ty, &value)
                .map_err(|m| self.error(default_text, format!("bad default for '{name}': {m}")))?;
            Some(value)
        };
        let column = self.error(type_text, String::new()).at.column;
        message.fields.push(Field {
            name: name.to_owned(),
            ty,
            default,
            line: self.number,
            column,
        });
        Ok(())
    }

    fn constant(
        &self,
        ty: FieldType,
        name: &'a str,
        value_text: &'a str,
        message: &mut Message,
    ) -> Result<(), Error> {
        if ty.shape != Shape::Single || matches!(ty.base, Base::Message(_)) {
            return Err(self.error(
                name,
                "a constant must be a primitive or a string, not an array or a message".into(),
            ));
        }
        if name.is_empty()
            || !name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            || !name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(self.error(
                name,
                format!("expected a constant name in capitals (OK, MAX_SIZE), not '{name}'"),
            ));
        }
        if message
            .constants
            .iter()
            .any(|constant| constant.name == name)
        {
            return Err(self.error(name, format!("duplicate constant '{name}'")));
        }
        let value_trimmed = value_text.trim();
        // A string constant is the rest of the line, quoted or not.
        let value = match &ty.base {
            Base::String { .. } if !value_trimmed.starts_with(['"', '\'']) => {
                Value::Str(value_trimmed.to_owned())
            }
            _ if value_trimmed.is_empty() => {
                return Err(self.error(value_text, format!("expected a value after '{name}='")));
            }
            _ => self.value(value_trimmed)?,
        };
        check_value(&ty, &value).map_err(|m| {
            self.error(
                value_trimmed,
                format!("bad value for constant '{name}': {m}"),
            )
        })?;
        message.constants.push(Constant {
            name: name.to_owned(),
            base: ty.base,
            value,
        });
        Ok(())
    }

    fn field_type(&self, text: &'a str) -> Result<FieldType, Error> {
        let (base_text, shape) = match text.find('[') {
            None => (text, Shape::Single),
            Some(open) => {
                let Some(inner) = text[open + 1..].strip_suffix(']') else {
                    return Err(self.error(
                        &text[open..],
                        "expected ']' to close the array or sequence".into(),
                    ));
                };
                let shape = if inner.is_empty() {
                    Shape::Sequence { bound: None }
                } else if let Some(bound) = inner.strip_prefix("<=") {
                    Shape::Sequence {
                        bound: Some(self.bound(bound)?),
                    }
                } else {
                    Shape::Array(self.bound(inner)?)
                };
                (&text[..open], shape)
            }
        };
        let base = if let Some(&(primitive, _)) =
            Primitive::ALL.iter().find(|(_, name)| *name == base_text)
        {
            Base::Primitive(primitive)
        } else if base_text == "string" {
            Base::String { bound: None }
        } else if let Some(bound) = base_text.strip_prefix("string<=") {
            Base::String {
                bound: Some(self.bound(bound)?),
            }
        } else {
            // `pkg/Name`: whether pkg is this package is resolve.rs's question.
            let local = base_text.rsplit('/').next().unwrap_or(base_text);
            check_type_name(local).map_err(|m| {
                self.error(base_text, format!("unknown type '{base_text}': expected a primitive, string, or a message name ({m})"))
            })?;
            Base::Message(base_text.to_owned())
        };
        Ok(FieldType { base, shape })
    }

    /// A bound or an array size: a whole number from 1 up.
    fn bound(&self, text: &'a str) -> Result<usize, Error> {
        match text.parse::<usize>() {
            Ok(n) if (1..=1 << 24).contains(&n) => Ok(n),
            _ => Err(self.error(
                text,
                format!("expected a size from 1 to 16777216, not '{text}'"),
            )),
        }
    }

    fn value(&self, text: &'a str) -> Result<Value, Error> {
        let text = text.trim();
        if let Some(inner) = text.strip_prefix('[') {
            let Some(inner) = inner.strip_suffix(']') else {
                return Err(self.error(text, "expected ']' to close the list".into()));
            };
            if inner.trim().is_empty() {
                return Ok(Value::List(Vec::new()));
            }
            return inner
                .split(',')
                .map(|item| self.value(item))
                .collect::<Result<_, _>>()
                .map(Value::List);
        }
        if let Some(quote) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let inner = &text[1..];
            return match inner.strip_suffix(quote) {
                Some(body) if !body.contains(quote) => Ok(Value::Str(body.to_owned())),
                _ => Err(self.error(text, format!("expected one string closed by {quote}"))),
            };
        }
        match text {
            "true" => return Ok(Value::Bool(true)),
            "false" => return Ok(Value::Bool(false)),
            _ => {}
        }
        if let Ok(number) = text.parse::<i128>() {
            return Ok(Value::Int(number));
        }
        match text.parse::<f64>() {
            Ok(number) if number.is_finite() => Ok(Value::Float(number)),
            _ => Err(self.error(
                text,
                format!("expected a number, true, false, a quoted string or a list, not '{text}'"),
            )),
        }
    }
}

/// The first whitespace-separated word and the rest.
fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find(char::is_whitespace) {
        Some(end) => (&text[..end], &text[end..]),
        None => (text, &text[text.len()..]),
    }
}

/// A message name: CamelCase, letters and digits.
fn check_type_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_uppercase() && chars.all(|c| c.is_ascii_alphanumeric()) => Ok(()),
        _ => Err(format!("'{name}' is not CamelCase letters and digits")),
    }
}

/// A field name: lower case, digits and single underscores, starting with a letter.
fn check_field_name(name: &str) -> Result<(), String> {
    let good = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.contains("__")
        && !name.ends_with('_');
    if good {
        Ok(())
    } else {
        Err(format!(
            "expected a field name in lower case (node_name), not '{name}'"
        ))
    }
}

/// Whether `value` fits `ty` (the element's type, and the shape's count).
pub fn check_value(ty: &FieldType, value: &Value) -> Result<(), String> {
    match (ty.shape, value) {
        (Shape::Single, Value::List(_)) => Err("a single value, not a list".into()),
        (Shape::Single, value) => check_element(&ty.base, value),
        (_, Value::List(items)) => {
            match ty.shape {
                Shape::Array(n) if items.len() != n => {
                    return Err(format!(
                        "the array holds exactly {n} values, not {}",
                        items.len()
                    ));
                }
                Shape::Sequence { bound: Some(n) } if items.len() > n => {
                    return Err(format!(
                        "the sequence holds at most {n} values, not {}",
                        items.len()
                    ));
                }
                _ => {}
            }
            items
                .iter()
                .try_for_each(|item| check_element(&ty.base, item))
        }
        (_, _) => Err("an array or sequence needs a list ([1, 2])".into()),
    }
}

fn check_element(base: &Base, value: &Value) -> Result<(), String> {
    match (base, value) {
        (Base::Primitive(Primitive::Bool), Value::Bool(_)) => Ok(()),
        (Base::Primitive(p), Value::Int(n)) if p.range().is_some() => {
            let (low, high) = p.range().unwrap_or((0, 0));
            if (low..=high).contains(n) {
                Ok(())
            } else {
                Err(format!(
                    "{n} is out of range for {} ({low} to {high})",
                    p.name()
                ))
            }
        }
        (Base::Primitive(p), Value::Int(_) | Value::Float(_)) if p.is_float() => Ok(()),
        (Base::String { bound }, Value::Str(text)) => match bound {
            Some(n) if text.len() > *n => {
                Err(format!("{} bytes, more than the bound {n}", text.len()))
            }
            _ if text.contains('\0') => Err("a string may not contain NUL".into()),
            _ => Ok(()),
        },
        (Base::Message(name), _) => Err(format!("a field of message type {name} takes no default")),
        (Base::Primitive(p), _) => Err(format!(
            "{} needs {}",
            p.name(),
            if *p == Primitive::Bool {
                "true or false"
            } else if p.is_float() {
                "a number"
            } else {
                "a whole number"
            }
        )),
        (Base::String { .. }, _) => Err("a string needs a quoted value".into()),
    }
}
