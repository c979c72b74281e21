//! Calls the real libscalars.so through the engine, as `_ctypes` would.

use std::ffi::{CString, c_void};
use std::path::PathBuf;

use part3_ffi_by_hand::callback::{FibCollector, visitor_closure};
use part3_ffi_by_hand::{CType, FfiError, ForeignFunction, Library, Signature, Value};

use CType::{F64, I32, I64, Pointer, U32, U64, Void};

/// Cargo builds the dev-dependency's cdylib into the same `deps/` folder as
/// this test binary.
fn scalars() -> Library {
    let exe = std::env::current_exe().expect("test binary path");
    let name = format!(
        "{}scalars{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    );
    let path: PathBuf = exe.with_file_name(name);
    Library::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every test below declares the real signature from include/scalars.h and
/// passes pointers to live locals, which is what `call` asks us to promise.
fn call(function: &ForeignFunction<'_>, args: &[Value]) -> Result<Value, FfiError> {
    // SAFETY: see above.
    unsafe { function.call(args) }
}

#[test]
fn scalar_calls_return_the_library_results() {
    let lib = scalars();
    let add = lib
        .function("add", Signature::new(&[I64, I64], I64))
        .unwrap();
    assert_eq!(
        call(&add, &[Value::I64(2), Value::I64(3)]),
        Ok(Value::I64(5))
    );
    assert_eq!(
        call(&add, &[Value::I64(i64::MAX), Value::I64(1)]),
        Ok(Value::I64(i64::MIN))
    );

    let fib = lib.function("fib", Signature::new(&[U32], U64)).unwrap();
    assert_eq!(
        call(&fib, &[Value::U32(90)]),
        Ok(Value::U64(2_880_067_194_370_816_120))
    );

    let to_f = lib
        .function("celsius_to_fahrenheit", Signature::new(&[F64], F64))
        .unwrap();
    assert_eq!(call(&to_f, &[Value::F64(100.0)]), Ok(Value::F64(212.0)));

    let noop = lib.function("noop", Signature::new(&[], Void)).unwrap();
    assert_eq!(call(&noop, &[]), Ok(Value::Void));
}

#[test]
fn a_narrow_status_comes_back_intact() {
    let lib = scalars();
    let div = lib
        .function("checked_div", Signature::new(&[I64, I64, Pointer], I32))
        .unwrap();
    let mut out: i64 = 0;
    let out_ptr = Value::Pointer((&raw mut out).cast::<c_void>());
    assert_eq!(
        call(&div, &[Value::I64(i64::MIN), Value::I64(-1), out_ptr]),
        Ok(Value::I32(3))
    );
    assert_eq!(
        call(&div, &[Value::I64(-7), Value::I64(2), out_ptr]),
        Ok(Value::I32(0))
    );
    assert_eq!(out, -3);
}

#[test]
fn strings_go_in_by_pointer() {
    let lib = scalars();
    let count = lib
        .function(
            "count_code_points",
            Signature::new(&[Pointer, Pointer], I32),
        )
        .unwrap();
    let text = CString::new("21.5 °C").unwrap();
    let mut n: u64 = 0;
    let args = [
        Value::Pointer(text.as_ptr().cast_mut().cast()),
        Value::Pointer((&raw mut n).cast()),
    ];
    assert_eq!(call(&count, &args), Ok(Value::I32(0)));
    assert_eq!(n, 7);
}

#[test]
fn mismatched_calls_are_refused_before_libffi() {
    let lib = scalars();
    let add = lib
        .function("add", Signature::new(&[I64, I64], I64))
        .unwrap();
    let err = call(&add, &[Value::I64(1)]).unwrap_err();
    assert_eq!(
        err,
        FfiError::ArgumentCount {
            expected: 2,
            got: 1
        }
    );
    assert_eq!(err.to_string(), "expected 2 arguments, got 1");
    let err = call(&add, &[Value::I64(1), Value::F64(2.0)]).unwrap_err();
    assert_eq!(err.to_string(), "argument 1: expected I64, got F64");
}

#[test]
fn missing_symbols_and_libraries_are_errors() {
    let lib = scalars();
    let err = lib
        .function("no_such_function", Signature::new(&[], Void))
        .err()
        .unwrap();
    assert_eq!(err, FfiError::MissingSymbol("no_such_function".into()));
    assert!(matches!(
        Library::open("/nonexistent/libscalars.so"),
        Err(FfiError::Load(_))
    ));
}

#[test]
fn a_libffi_closure_is_a_real_c_callback() {
    let lib = scalars();
    let for_each = lib
        .function(
            "for_each_fib",
            Signature::new(&[U32, Pointer, Pointer], I32),
        )
        .unwrap();
    let mut collector = FibCollector {
        limit: 50,
        terms: Vec::new(),
    };
    let closure = visitor_closure(&mut collector);
    let visitor = Value::Pointer(*closure.code_ptr() as *mut c_void);
    let null = Value::Pointer(std::ptr::null_mut());
    assert_eq!(
        call(&for_each, &[Value::U32(40), visitor, null]),
        Ok(Value::I32(0))
    );
    drop(closure);
    // The callback asked C to stop at the first term over 50.
    assert_eq!(collector.terms, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
}
