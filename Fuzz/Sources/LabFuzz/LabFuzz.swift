import Foundation
import LabLanguage

/// How long one input may run before its cancellation flag is set; `while true {}` stops here.
private let timeLimit: DispatchTimeInterval = .milliseconds(50)
private let watchdog = DispatchQueue(label: "LabFuzz.watchdog")

/// libFuzzer's entry point: runs arbitrary bytes, repaired to UTF-8, as one cell and then as a second
/// cell of the same session, so redeclaration across cells is exercised too.
///
/// Any diagnostic is fine; a crash, trap, sanitizer report or hang is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // One large-stack thread per input for both runs (`run` would otherwise start one per call).
    Interpreter.withLargeStack {
        let interpreter = Interpreter()
        interpreter.onPrint = { _ in }
        let timer = DispatchWorkItem { [cancellation = interpreter.cancellation] in cancellation.cancel() }
        watchdog.asyncAfter(deadline: .now() + timeLimit, execute: timer)
        _ = interpreter.run(source)
        _ = interpreter.run(source)
        _ = Interpreter.highlight(source)
        timer.cancel()
    }
    return 0
}
