//! `ffi-by-hand [path/to/libscalars.so]`: call libscalars the way `_ctypes`
//! does, one printed step at a time.

use std::ffi::{CStr, CString, c_char, c_void};
use std::path::PathBuf;
use std::process::ExitCode;

use part3_ffi_by_hand::callback::{FibCollector, visitor_closure};
use part3_ffi_by_hand::{CType, FfiError, Library, Signature, Value};

/// The library named on the command line, else the one cargo built beside us.
fn library_path() -> PathBuf {
    if let Some(path) = std::env::args_os().nth(1) {
        return path.into();
    }
    let exe = std::env::current_exe().unwrap_or_default();
    exe.with_file_name(format!(
        "{}scalars{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ))
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ffi-by-hand: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), FfiError> {
    use CType::{F64, I32, I64, Pointer, U32, Void};

    println!("The five steps _ctypes takes for every call, done by this Rust program:");
    // ANCHOR: open
    let path = library_path();
    let lib = Library::open(&path)?; // dlopen
    println!("[1] dlopen   {}", path.display());
    // ANCHOR_END: open

    // ANCHOR: scalars
    let add = lib.function("add", Signature::new(&[I64, I64], I64))?; // dlsym + ffi_prep_cif
    println!(
        "[2] dlsym    add at {:p}; [3] cif (int64, int64) -> int64",
        add.address()
    );
    // SAFETY: the signature is add's real one (include/scalars.h).
    let sum = unsafe { add.call(&[Value::I64(2), Value::I64(3)]) }?;
    println!("[4] call     add(2, 3) = {sum:?}");

    let to_f = lib.function("celsius_to_fahrenheit", Signature::new(&[F64], F64))?;
    // SAFETY: as declared in include/scalars.h.
    let fahrenheit = unsafe { to_f.call(&[Value::F64(21.5)]) }?;
    println!("    call     celsius_to_fahrenheit(21.5) = {fahrenheit:?}");
    // ANCHOR_END: scalars

    // ANCHOR: refused
    // The declared types are checked before libffi sees anything.
    // SAFETY: refused before the call, so nothing reaches the function.
    let refused = unsafe { add.call(&[Value::I64(2), Value::F64(3.0)]) };
    println!("    refused  add(2, 3.0) -> {}", refused.unwrap_err());
    // ANCHOR_END: refused

    // ANCHOR: out_pointer
    let div = lib.function("checked_div", Signature::new(&[I64, I64, Pointer], I32))?;
    let mut quotient: i64 = 0;
    let out = Value::Pointer((&raw mut quotient).cast::<c_void>()); // ctypes.byref(quotient)
    // SAFETY: `out` points to a live i64 for the duration of the call.
    let status = unsafe { div.call(&[Value::I64(-7), Value::I64(2), out]) }?;
    println!("    call     checked_div(-7, 2, &out) = {status:?}, out = {quotient}");
    // SAFETY: as above; a zero divisor is reported through the status.
    let status = unsafe { div.call(&[Value::I64(1), Value::I64(0), out]) }?;
    println!("    call     checked_div(1, 0, &out) = {status:?} (SCALARS_DIVISION_BY_ZERO)");
    // ANCHOR_END: out_pointer

    // ANCHOR: owned_string
    let alloc = lib.function(
        "format_reading_alloc",
        Signature::new(&[Pointer, F64], Pointer),
    )?;
    let free = lib.function("free_string", Signature::new(&[Pointer], Void))?;
    let sensor = CString::new("sensor-A").expect("no NUL in a literal");
    let sensor_ptr = Value::Pointer(sensor.as_ptr().cast_mut().cast());
    // SAFETY: `sensor` is NUL-terminated and outlives the call.
    let Value::Pointer(owned) = unsafe { alloc.call(&[sensor_ptr, Value::F64(21.5)]) }? else {
        unreachable!("the signature says Pointer");
    };
    // Copy the text out first, then give the memory back to the library
    // that allocated it: never to our own allocator.
    // SAFETY: a non-null result is a NUL-terminated string from the library.
    let text = unsafe { CStr::from_ptr(owned.cast::<c_char>()) }
        .to_string_lossy()
        .into_owned();
    // SAFETY: `owned` came from format_reading_alloc and is freed once.
    unsafe { free.call(&[Value::Pointer(owned)]) }?;
    println!("    call     format_reading_alloc -> {text:?}, then free_string");
    // ANCHOR_END: owned_string

    // ANCHOR: callback
    let for_each = lib.function(
        "for_each_fib",
        Signature::new(&[U32, Pointer, Pointer], I32),
    )?;
    let mut collector = FibCollector {
        limit: 100,
        terms: Vec::new(),
    };
    let closure = visitor_closure(&mut collector);
    let visitor = Value::Pointer(*closure.code_ptr() as *mut c_void);
    // SAFETY: the closure has fib_visitor's signature and lives past the call;
    // user_data is unused by this visitor (the closure carries its state).
    let status = unsafe {
        for_each.call(&[
            Value::U32(20),
            visitor,
            Value::Pointer(std::ptr::null_mut()),
        ])
    }?;
    drop(closure); // ends the closure's borrow of `collector`
    println!(
        "[5] callback for_each_fib(20, closure) = {status:?}, kept {:?}",
        collector.terms
    );
    // ANCHOR_END: callback
    Ok(())
}
