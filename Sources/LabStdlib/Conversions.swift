import LabData
import LabLanguage
import TensorCore

/// Conversions between language values and tensors, with errors worded for lab authors.
enum Convert {
    /// A tensor from a tensor, a number, or a (nested) array of numbers.
    static func tensor(_ value: Value, _ what: @autoclosure () -> String) throws -> Tensor {
        switch value {
        case .native(let object):
            if let t = object as? Tensor { return t }
            if object is MissingGradient {
                throw NativeError("\(what()) is a gradient that does not exist yet (nil)", hint: "call backward() first")
            }
        case .int(let i): return Tensor(Double(i))
        case .double(let d): return Tensor(d)
        case .bool(let b): return Tensor(b ? 1 : 0)
        case .array, .tuple: return try Tensor(literal: literal(value, what()))
        default: break
        }
        throw NativeError("\(what()) must be a Tensor or a number, got \(value.typeName)")
    }

    /// A nested literal from nested arrays of numbers.
    static func literal(_ value: Value, _ what: String) throws -> TensorLiteral {
        switch value {
        case .int(let i): return .scalar(Double(i))
        case .double(let d): return .scalar(d)
        case .bool(let b): return .scalar(b ? 1 : 0)
        case .array(let items), .tuple(let items):
            return .array(try items.map { try literal($0, what) })
        case .native(let object):
            if let t = object as? Tensor, t.rank == 0 { return .scalar(try t.item) }
        default: break
        }
        throw NativeError("\(what) must hold numbers, got \(value.typeName)")
    }

    /// A number from an Int, a Double or a Bool; nil for anything else.
    static func number(_ value: Value) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// A shape from `[2, 3]` (an array of non-negative Ints).
    /// `allowingInferred`: one entry may be -1, for `reshape` to work out (TensorCore checks it).
    static func shape(_ value: Value, _ what: String, allowingInferred: Bool = false) throws -> [Int] {
        guard case .array(let items) = value else {
            throw NativeError("\(what) must be a shape such as [2, 3], got \(value.typeName)")
        }
        return try items.map { item in
            guard case .int(let n) = item, n >= 0 || (allowingInferred && n == -1) else {
                let allowed = allowingInferred ? "non-negative Ints (or one -1)" : "non-negative Ints"
                throw NativeError("\(what) must hold \(allowed), got \(item.printed)")
            }
            return n
        }
    }

    /// Wraps a tensor as a language value.
    @inline(__always)
    static func value(_ tensor: Tensor) -> Value { .native(tensor) }

    /// Runs a tensor or data operation, turning TensorError and DataError (which names the file
    /// and line) into the language's NativeError.
    @inline(__always)
    static func translatingErrors<R>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as TensorError {
            throw NativeError(error.message)
        } catch let error as DataError {
            throw NativeError(error.description)
        }
    }
}
