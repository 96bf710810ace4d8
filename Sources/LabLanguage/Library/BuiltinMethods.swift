/// Methods of arrays, strings and ranges; nil when the value has no such method.
enum BuiltinMethods {
    static func call(_ object: inout Value, _ name: String, _ arguments: Arguments) throws -> Value? {
        switch object {
        case .array(var items):
            if Members.mutatingMethods.contains(name) {
                object = .nil  // keeps the array uniquely referenced so it changes in place
                defer { object = .array(items) }
                return try mutate(&items, name, arguments)
            }
            return try array(items, name, arguments)
        case .range(let range):
            guard let lower = range.lower, let count = range.count else { return nil }
            try ValueLimits.check(count: count, elementBytes: MemoryLayout<Value>.stride, making: "the range's array")
            return try array((0..<count).map { .int(lower + $0) }, name, arguments)
        case .dictionary(var d):
            guard name == "removeValue" || name == "removeAll" else { return nil }
            object = .nil  // keeps the entries uniquely referenced
            defer { object = .dictionary(d) }
            if name == "removeAll" {
                try arguments.expect(labels: [], in: name)
                d = DictionaryValue()
                return .void
            }
            try arguments.expect(labels: ["forKey"], in: name)
            guard let keyValue = arguments.labeled("forKey"), let key = DictionaryKey(keyValue) else {
                throw NativeError("a dictionary key must be an Int, Double, String or Bool")
            }
            return d.remove(key) ?? .nil
        case .string(let text):
            return try string(text, name, arguments)
        case .double(let number):
            try arguments.expect(labels: [], in: name)
            switch name {
            case "rounded": return .double(number.rounded())
            case "squareRoot": return .double(number.squareRoot())
            default: return nil
            }
        default:
            return nil
        }
    }

    private static func mutate(_ items: inout [Value], _ name: String, _ arguments: Arguments) throws -> Value? {
        switch name {
        case "append":
            if let more = arguments.labeled("contentsOf") {
                guard case .array(let extra) = more else { throw NativeError("append(contentsOf:) needs an array") }
                items += extra
            } else {
                try arguments.expect("append(_:)")
                items.append(try arguments.value(0))
            }
            return .void
        case "insert":
            try arguments.expect("insert(_:at:)")
            let index = try arguments.int("at") ?? items.count
            guard index >= 0 && index <= items.count else { throw indexError(index, items.count) }
            items.insert(try arguments.value(0), at: index)
            return .void
        case "remove":
            try arguments.expect("remove(at:)")
            guard let index = try arguments.int("at") else { throw NativeError("missing argument 'at:' in remove(at:)") }
            guard index >= 0 && index < items.count else { throw indexError(index, items.count) }
            return items.remove(at: index)
        case "removeLast", "removeFirst", "popLast":
            try arguments.expect(labels: [], in: name)
            if name == "popLast" { return items.popLast() ?? .nil }
            guard !items.isEmpty else { throw NativeError("cannot \(name) from an empty array") }
            return name == "removeLast" ? items.removeLast() : items.removeFirst()
        case "removeAll":
            items.removeAll()
            return .void
        case "reverse":
            items.reverse()
            return .void
        case "sort":
            items = try sorted(items)
            return .void
        default:
            return nil
        }
    }

    static func indexError(_ index: Int, _ count: Int) -> NativeError {
        NativeError("index \(index) is out of range for an array of \(count) element\(count == 1 ? "" : "s")",
                    hint: index < 0 ? "negative indices do not count from the end; use xs[xs.count - 1] for the last" : nil)
    }

    private static func array(_ items: [Value], _ name: String, _ arguments: Arguments) throws -> Value? {
        switch name {
        case "map":
            let function = try callable(arguments, "map")
            return .array(try items.map { try invoke(function, [$0]) })
        case "filter":
            let function = try callable(arguments, "filter")
            return .array(try items.filter {
                guard case .bool(let keep) = try invoke(function, [$0]) else {
                    throw NativeError("the closure of filter must return Bool")
                }
                return keep
            })
        case "reduce":
            guard arguments.count == 2 else { throw NativeError("reduce takes an initial value and a closure: xs.reduce(0) { $0 + $1 }") }
            let function = try callable(arguments, "reduce", at: 1)
            return try items.reduce(try arguments.value(0)) { try invoke(function, [$0, $1]) }
        case "forEach":
            let function = try callable(arguments, "forEach")
            for item in items { _ = try invoke(function, [item]) }
            return .void
        case "enumerated":
            try arguments.expect(labels: [], in: "enumerated")
            return .array(items.enumerated().map { .tuple([.int($0.offset), $0.element]) })
        case "contains":
            try arguments.expect("contains(_:)")
            let wanted = try arguments.value(0)
            return .bool(items.contains { valuesEqual($0, wanted) })
        case "firstIndex":
            try arguments.expect("firstIndex(of:)")
            guard let wanted = arguments.labeled("of") else { throw NativeError("missing argument 'of:' in firstIndex(of:)") }
            return items.firstIndex { valuesEqual($0, wanted) }.map(Value.int) ?? .nil
        case "sorted": return .array(try sorted(items))
        case "reversed": return .array(items.reversed())
        case "min", "max":
            try arguments.expect(labels: [], in: name)
            let order = try sorted(items)
            return (name == "min" ? order.first : order.last) ?? .nil
        case "joined":
            try arguments.expect("joined(separator:)")
            let separator = try arguments.string("separator") ?? ""
            return .string(items.map(\.printed).joined(separator: separator))
        default:
            return nil
        }
    }

    private static func string(_ text: String, _ name: String, _ arguments: Arguments) throws -> Value? {
        switch name {
        case "uppercased": return .string(text.uppercased())
        case "lowercased": return .string(text.lowercased())
        case "hasPrefix": return .bool(text.hasPrefix(try arguments.string(0)))
        case "hasSuffix": return .bool(text.hasSuffix(try arguments.string(0)))
        case "contains": return .bool(text.contains(try arguments.string(0)))
        case "split":
            let separator = try arguments.string("separator") ?? " "
            guard let character = separator.first, separator.count == 1 else {
                throw NativeError("split(separator:) needs a one-character separator")
            }
            return .array(text.split(separator: character).map { .string(String($0)) })
        default: return nil
        }
    }

    static func sorted(_ items: [Value]) throws -> [Value] {
        if items.allSatisfy({ $0.asDouble != nil }) {
            // NaN last, as PyTorch's sort puts it: `<` alone is no order once a NaN is in the array.
            return items.sorted { a, b in
                let x = a.asDouble ?? 0, y = b.asDouble ?? 0
                return x.isNaN ? false : (y.isNaN || x < y)
            }
        }
        if items.allSatisfy({ if case .string = $0 { return true } else { return false } }) {
            return items.sorted { $0.printed < $1.printed }
        }
        throw NativeError("can only sort arrays of numbers or of strings")
    }

    static func callable(_ arguments: Arguments, _ method: String, at index: Int = 0) throws -> Value {
        let function = try arguments.value(index)
        switch function {
        case .function, .native: return function
        default: throw NativeError("\(method) needs a closure, found a value of type '\(function.typeName)'")
        }
    }

    static func invoke(_ function: Value, _ values: [Value]) throws -> Value {
        switch function {
        case .function(let function): return try function.invoke(Arguments(values))
        case .native(let object): return try object.call(Arguments(values))
        default: throw NativeError("cannot call a value of type '\(function.typeName)'")
        }
    }
}
