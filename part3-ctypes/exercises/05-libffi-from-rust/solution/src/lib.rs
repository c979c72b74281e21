//! Exercise 05: call libscalars' functions through libffi, as `_ctypes` does.
//!
//! The signature of each function is described at run time, not compiled in:
//! nothing but these descriptions says what the symbols take and return.

use libffi::middle::{Cif, CodePtr, Type, arg};
use libloading::Library;

/// Opens a shared library, as `ctypes.CDLL(path)` does.
pub fn open(path: &std::path::Path) -> Result<Library, libloading::Error> {
    // SAFETY: loading runs the library's initialisers; libscalars has none
    // beyond what the Rust runtime sets up.
    unsafe { Library::new(path) }
}

/// The address of `name` in `library`: what `dlsym` returns, with no types.
fn code_ptr(library: &Library, name: &str) -> Result<CodePtr, libloading::Error> {
    // SAFETY: the symbol is only turned into an address here; it is called
    // through a Cif that describes its real signature.
    let symbol = unsafe { library.get::<unsafe extern "C" fn()>(name.as_bytes())? };
    Ok(CodePtr::from_fun(*symbol))
}

/// `int64_t add(int64_t a, int64_t b);` the worked example.
pub fn call_add(library: &Library, a: i64, b: i64) -> Result<i64, libloading::Error> {
    let code = code_ptr(library, "add")?;
    // Two int64_t arguments, an int64_t result: libffi works out the registers.
    let cif = Cif::new([Type::i64(), Type::i64()], Type::i64());
    // SAFETY: add is `int64_t add(int64_t, int64_t)`, exactly what the Cif
    // describes, and each argument points to an i64.
    Ok(unsafe { cif.call::<i64>(code, &[arg(&a), arg(&b)]) })
}

/// `uint64_t fib(uint32_t n);` u64::MAX for n > 93.
pub fn call_fib(library: &Library, n: u32) -> Result<u64, libloading::Error> {
    let code = code_ptr(library, "fib")?;
    // ex: starter
    // | // TODO: describe fib's signature with a Cif and call it, as call_add does.
    // | let _ = (code, n);
    // | todo!("call fib through libffi")
    // ex: mistake 2: "expected `&_`, found `u32`"
    // | let cif = Cif::new([Type::u32()], Type::u64());
    // | Ok(unsafe { cif.call::<u64>(code, &[arg(n)]) })
    // ex: solution
    // A uint32_t argument, a uint64_t result. `n` is a u32, so the pointer
    // libffi reads through points at exactly the 4 bytes the Cif promises.
    let cif = Cif::new([Type::u32()], Type::u64());
    // SAFETY: fib is `uint64_t fib(uint32_t)`, exactly what the Cif describes.
    Ok(unsafe { cif.call::<u64>(code, &[arg(&n)]) })
    // ex: end
}

/// `double celsius_to_fahrenheit(double celsius);`
pub fn call_celsius_to_fahrenheit(
    library: &Library,
    celsius: f64,
) -> Result<f64, libloading::Error> {
    let code = code_ptr(library, "celsius_to_fahrenheit")?;
    // ex: starter
    // | // TODO: describe celsius_to_fahrenheit's signature with a Cif and call it.
    // | let _ = (code, celsius);
    // | todo!("call celsius_to_fahrenheit through libffi")
    // ex: mistake 1: "thread 'celsius_to_fahrenheit_is_a_double'"
    // | let cif = Cif::new([Type::i64()], Type::i64());
    // | let bits = unsafe { cif.call::<i64>(code, &[arg(&celsius.to_bits())]) };
    // | Ok(f64::from_bits(bits as u64))
    // ex: solution
    // A double travels in an SSE register, not a general one: only the Cif
    // tells libffi so.
    let cif = Cif::new([Type::f64()], Type::f64());
    // SAFETY: celsius_to_fahrenheit is `double (double)`, as described.
    Ok(unsafe { cif.call::<f64>(code, &[arg(&celsius)]) })
    // ex: end
}
